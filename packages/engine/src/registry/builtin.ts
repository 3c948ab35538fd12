/**
 * Registers every built-in analysis (importing this module is enough). The package index imports
 * it, so `analyses()` lists them all. New analyses (shocks/, network/ …) add one import line here
 * or register themselves in a module the index imports.
 */
import './builtin-tables.js';
import './builtin-data.js';
