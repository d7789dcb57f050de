import {
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { ACCESS_METADATA, type AccessRule } from './access.decorators';
import { API_KEY_STORE, type ApiKeyStore, type Principal } from './api-key-store';
import { AuthFailureThrottle } from './auth-failure-throttle';
import { authenticate, AuthenticationError, presentedKey } from './authenticate';
import { roleGrants } from './roles';

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  principal?: Principal;
}

/**
 * The one gate in front of every HTTP route, installed globally. It fails closed: a route that
 * declares neither `@Requires(permission)` nor `@Public(reason)` is refused (and the route-access
 * test catches it before it ships). Bus handlers are not HTTP and pass through.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly reflector: Reflector,
    private readonly throttle: AuthFailureThrottle,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The key store is provided by whichever module owns keys (the admin API); none means no key works. */
  private store(): ApiKeyStore | undefined {
    try {
      return this.moduleRef.get<ApiKeyStore>(API_KEY_STORE, { strict: false });
    } catch {
      return undefined;
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      this.logger.error(
        `${context.getClass().name}.${context.getHandler().name} declares no access rule: refused`,
      );
      throw new ForbiddenException('this route declares no access rule, so nobody may call it');
    }
    if (rule.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const client = request.ip ?? 'unknown';
    const wait = this.throttle.retryAfterMs(client);
    if (wait > 0) {
      throw new HttpException(
        {
          message: `too many failed authentications; retry in ${Math.ceil(wait / 1000)} s`,
          retryAfterSeconds: Math.ceil(wait / 1000),
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    let principal: Principal;
    const store = this.store();
    try {
      principal = await authenticate(presentedKey(request.headers), store);
    } catch (error) {
      if (error instanceof AuthenticationError) {
        this.throttle.recordFailure(client);
        throw new UnauthorizedException(error.message);
      }
      throw error;
    }
    if (!roleGrants(principal.role, rule.permission)) {
      throw new ForbiddenException(`role ${principal.role} does not grant ${rule.permission}`);
    }
    request.principal = principal;
    // Bookkeeping, not a gate: a failed write must neither fail nor slow the request.
    store
      ?.markUsed?.(principal.keyId, new Date())
      .catch((error: unknown) =>
        this.logger.warn(`Could not record the use of API key ${principal.keyId}: ${String(error)}`),
      );
    return true;
  }
}
