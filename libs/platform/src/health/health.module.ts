import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { ReadinessService } from './readiness.service';

/**
 * `GET /healthz` (liveness) and `GET /readyz` (readiness of the bus from `BusModule` and the
 * database from `PersistenceModule`, whichever the app loads).
 */
@Module({
  controllers: [HealthController],
  providers: [ReadinessService],
  exports: [ReadinessService],
})
export class HealthModule {}
