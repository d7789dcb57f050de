export { IncidentsModule } from './incidents.module';
export { IncidentsService } from './incidents.service';
export { IncidentsController } from './incidents.controller';
export { IncidentListQuery } from './incidents.dto';
export type {
  IncidentAlertView,
  IncidentDetailView,
  IncidentRunView,
  IncidentSummaryView,
  IncidentTicketLinkView,
  IncidentTimelineView,
} from './incidents.dto';
