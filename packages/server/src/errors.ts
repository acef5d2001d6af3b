import { ErrorCode } from '@kindred/contract';

/** Every failure a client may see. The error handler renders `{ error: { code, message, fields? } }`. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export class ValidationError extends AppError {
  constructor(message: string, fields?: Record<string, string>) {
    super(400, ErrorCode.validationFailed, message, fields);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in to do this.') {
    super(401, ErrorCode.unauthenticated, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this.') {
    super(403, ErrorCode.forbidden, message);
  }
}

/** Also used for things the viewer may not see: a hidden resource is indistinguishable from a missing one. */
export class NotFoundError extends AppError {
  constructor(what = 'resource') {
    super(404, ErrorCode.notFound, `No such ${what}.`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code: string = ErrorCode.conflict) {
    super(409, code, message);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message = 'The service is busy; try again shortly.', retryAfterSeconds = 1) {
    super(503, ErrorCode.serviceUnavailable, message, undefined, { 'retry-after': String(retryAfterSeconds) });
  }
}
