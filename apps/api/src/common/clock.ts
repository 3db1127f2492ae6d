import { Injectable } from '@nestjs/common';

/**
 * The server's idea of "now", injected where time is part of a rule (progress's rate limit), so tests
 * can move time instead of waiting for it. Inject the abstract class; modules provide SystemClock:
 * `{ provide: Clock, useClass: SystemClock }`. SQL that needs the time takes `clock.now()` as a parameter
 * rather than calling SQL now().
 */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
