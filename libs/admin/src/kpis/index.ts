export { KpisModule } from './kpis.module';
export { KpisService } from './kpis.service';
export { KpisController } from './kpis.controller';
export { KpiQuery, KpiReportDto } from './kpis.dto';
export type { KpiReport } from './kpis.dto';
