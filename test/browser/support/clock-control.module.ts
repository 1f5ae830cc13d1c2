// The browser tier's movable clock: a flow that needs a past (a task's state a week ago, a report
// missed last month) moves the server's "now" back, records what happened then, and moves it to the
// present again. Test harness only: serve.ts mounts it on the dedicated server of the flows that
// move time (BROWSER_CLOCK=movable), never on the product's app nor on the server the others share.
import { Body, Controller, Module, Post, type DynamicModule } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Clock } from '#platform';
import { EXTRA_ROUTE_ACCESS, type RouteAccess } from '../../../apps/api/src/route.access.js';

/** The system clock shifted by an offset the test sets: it keeps ticking, so events recorded "then" stay in order. */
export class MovableClock extends Clock {
  private offset = 0;

  override now(): number {
    return Date.now() + this.offset;
  }

  /** From now on it is `at` (ISO 8601), ticking; `null` is the present again. */
  moveTo(at: string | null): void {
    if (at === null) {
      this.offset = 0;
      return;
    }
    const ms = Date.parse(at);
    if (Number.isNaN(ms)) throw new Error(`MovableClock: not an instant: ${at}`);
    this.offset = ms - Date.now();
  }
}

/** Where the tests move it: `POST /test/clock` `{ "at": "<ISO 8601>" | null }`, answering the server's new now. */
export const CLOCK_ROUTE = '/test/clock';

// Not part of the product's contract: kept out of the OpenAPI document and the route table.
const ACCESS: Record<string, RouteAccess> = { [`POST ${CLOCK_ROUTE}`]: { roles: 'public' } };

/** Mounts `POST /test/clock` moving `clock` (which must also be the app's clock: startTestApp's `clock`). */
export function clockControlModule(clock: MovableClock): DynamicModule {
  @ApiExcludeController()
  @Controller('test')
  class ClockController {
    @Post('clock')
    move(@Body() body: { at?: string | null }): { now: string } {
      clock.moveTo(typeof body?.at === 'string' ? body.at : null);
      return { now: clock.nowIso() };
    }
  }

  @Module({})
  class ClockControlModule {}

  return {
    module: ClockControlModule,
    controllers: [ClockController],
    providers: [{ provide: EXTRA_ROUTE_ACCESS, useValue: ACCESS }],
    exports: [EXTRA_ROUTE_ACCESS],
  };
}
