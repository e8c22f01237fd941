// HTTP routes of the Billing tag.
import type { FastifyInstance } from 'fastify';
import { registerOperation } from '../http/operation.js';
import type { SessionService } from '../sessions/service.js';
import type { EmulatorState } from '../state.js';
import { BillingService } from './service.js';

export function billingRoutes(app: FastifyInstance, state: EmulatorState, sessions: SessionService): void {
  const billing = new BillingService(state, sessions);
  billing.install();

  registerOperation(app, state, 'get_account_billing_billing_account_get', (ctx) => ({ status: 200, body: billing.account(ctx.project, ctx.now) }));
}
