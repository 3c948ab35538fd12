/** Imports every decomposition method so that each registers itself in TRADE_METHODS. */
import './bm.js';
import './koopman.js';
import './kww.js';
import './wwz.js';
import './hiy.js';
import './my.js';
import './tiva.js';
