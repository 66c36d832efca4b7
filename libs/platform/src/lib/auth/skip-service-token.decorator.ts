import { SetMetadata } from '@nestjs/common';

export const SKIP_SERVICE_TOKEN = 'mdi:skip-service-token';

/**
 * Marks a write route (or a controller) that does not take the service
 * token: it is public, or protected by something else (the gateway's admin
 * routes take the admin token). Every other non-GET/HEAD route requires it.
 */
export const SkipServiceToken = (): MethodDecorator & ClassDecorator => SetMetadata(SKIP_SERVICE_TOKEN, true);
