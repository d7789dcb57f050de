export { RunsModule } from './runs.module';
export { RunsService } from './runs.service';
export { RunsController } from './runs.controller';
export { RunListQuery } from './runs.dto';
export type { RunDetailView, RunStepView, RunSummaryView, RunTimelineEntry } from './runs.dto';
