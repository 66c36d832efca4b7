import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';

/** 400 with every reason, e.g. {message: 'invalid backfill request', reasons: ['from ...']}. */
export function badRequest(message: string, reasons: readonly string[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message, reasons });
}

export function notFound(message: string): NotFoundException {
  return new NotFoundException({ statusCode: 404, error: 'Not Found', message });
}

export function conflict(message: string): ConflictException {
  return new ConflictException({ statusCode: 409, error: 'Conflict', message });
}
