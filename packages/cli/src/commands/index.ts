import type { Command } from '../command.js';
import { demoCommand } from './demo.js';
import { infoCommand } from './info.js';
import { leontiefCommand } from './leontief.js';

/** Every `catena` sub-command, in the order `catena --help` lists them. */
export const commands: Command[] = [demoCommand, infoCommand, leontiefCommand];
