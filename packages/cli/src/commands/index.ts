import type { Command } from '../command.js';
import { demoCommand } from './demo.js';
import { convertCommand } from './convert.js';
import { indicatorsCommand } from './indicators.js';
import { infoCommand } from './info.js';
import { leontiefCommand } from './leontief.js';
import { decomposeCommand } from './decompose.js';
import { smileCommand } from './smile.js';
import { regressCommand } from './regress.js';
import { nationalCommand } from './national.js';
import { sourcesCommand } from './sources.js';
import { downloadCommand } from './download.js';
import { aggregateCommand } from './aggregate.js';
import { indexCommand } from './composite-index.js';
import { extractCommand } from './extract.js';
import { shockCommand } from './shock.js';
import { exposureCommand } from './exposure.js';
import { resilienceCommand } from './resilience.js';
import { workerCommand } from './worker.js';
import { serveCommand } from './serve.js';
import { networkCommand } from './network.js';
import { linkagesCommand } from './linkages.js';
import { embodiedCommand, footprintCommand } from './embodied.js';

/** Every `catena` sub-command, in the order `catena --help` lists them. */
export const commands: Command[] = [
  demoCommand,
  infoCommand,
  leontiefCommand,
  decomposeCommand,
  regressCommand,
  indicatorsCommand,
  smileCommand,
  nationalCommand,
  sourcesCommand,
  downloadCommand,
  aggregateCommand,
  indexCommand,
  convertCommand,
  shockCommand,
  extractCommand,
  exposureCommand,
  resilienceCommand,
  workerCommand,
  serveCommand,
  networkCommand,
  linkagesCommand,
  footprintCommand,
  embodiedCommand,
];
