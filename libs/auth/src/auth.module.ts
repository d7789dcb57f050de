import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { AuthFailureThrottle } from './auth-failure-throttle';

/** Installs the access guard on every route of the app. Provide `API_KEY_STORE` to accept keys. */
@Global()
@Module({
  providers: [AuthFailureThrottle, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AuthFailureThrottle],
})
export class AuthModule {}
