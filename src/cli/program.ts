// painmap's command line: one register(program, ctx) per command family, each in its own file.
// A command parses and checks its input (the shared parsers of options.ts) and calls the pipeline;
// nothing else. main.ts runs it.
import { Command } from 'commander';
import type { Config } from '../config.js';
import { registerAnalytics } from './analytics.command.js';
import { registerClassify } from './classify.js';
import { createCliContext } from './context.js';
import { registerDemo } from './demo.command.js';
import { registerDrivers } from './drivers.command.js';
import { registerHeatmap } from './heatmap.command.js';
import { registerIngest } from './ingest.command.js';
import { registerMaintenance } from './maintenance.command.js';
import { registerPrivacy } from './privacy.command.js';
import { registerProcesses } from './processes.command.js';
import { registerRetag } from './retag.command.js';
import { registerSearch } from './search.command.js';
import { registerSources } from './sources.command.js';
import { registerTaxonomy } from './taxonomy.command.js';

export function buildProgram(config: () => Config): Command {
  const program = new Command('painmap')
    .description(
      'Feedback analytics: where in the customer journey do customers hurt, and is it getting better?',
    )
    .showHelpAfterError();
  const ctx = createCliContext(config);
  registerIngest(program, ctx); // ingest, upload
  registerProcesses(program, ctx); // serve, worker, scheduler
  registerSources(program, ctx); // pull, sources
  registerHeatmap(program, ctx); // heatmap
  registerDemo(program, ctx); // demo
  registerClassify(program, ctx); // classify
  registerMaintenance(program, ctx); // migrate, reconcile, verify, run
  registerRetag(program, ctx); // retag
  registerTaxonomy(program, config); // taxonomy diff | suggest | validate | show-default
  registerPrivacy(program, ctx); // forget, retention run
  registerAnalytics(program, ctx); // pain-points, alerts, intervention
  registerDrivers(program, ctx); // drivers
  registerSearch(program, ctx); // search
  return program;
}
