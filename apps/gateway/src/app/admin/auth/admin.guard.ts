import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AdminAccess } from './admin-access';

/** The admin API takes the admin token as a bearer header only (no cookie: no cross-site request can use it). */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly access: AdminAccess) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    await this.access.authorize(http.getRequest<Request>(), http.getResponse<Response>());
    return true;
  }
}
