// HTTP routes of the Billing tag.
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.js';
import { registerOperation } from '../http/operation.js';

export function billingRoutes(app: FastifyInstance, state: Emulator): void {
  registerOperation(app, state, 'get_account_billing_billing_account_get', (ctx) => ({ status: 200, body: state.billing.account(ctx.project, ctx.now) }));
}
