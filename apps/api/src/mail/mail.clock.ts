import { Injectable } from '@nestjs/common';
import { SystemClock } from '../common/clock.js';

/**
 * The Clock the mail area reads "now" from (claims, leases, retries, reminder windows). It has a token of
 * its own so that MailModule, which also runs in worker processes without ProgressModule, never shadows
 * ProgressModule's `Clock` in `app.get(Clock)`; tests move mail time with `app.get(MailClock)`.
 */
@Injectable()
export class MailClock extends SystemClock {}
