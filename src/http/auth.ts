// API-key authentication. Any non-empty key is its own project unless BU_MOCK_API_KEYS lists the allowed ones.
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Project, ProjectStore } from '../store/projects.js';
import { detailError } from './errors.js';

export const API_KEY_HEADER = 'x-browser-use-api-key';

export function apiKeyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers[API_KEY_HEADER];
  const key = Array.isArray(raw) ? raw[0] : raw;
  return key && key.trim() !== '' ? key.trim() : undefined;
}

export function authenticate(config: Pick<Config, 'apiKeys'>, projects: ProjectStore, request: FastifyRequest): Project {
  const key = apiKeyOf(request);
  if (!key) throw detailError(401, 'Not authenticated');
  if (config.apiKeys.length > 0 && !config.apiKeys.includes(key)) throw detailError(401, 'Invalid API key');
  return projects.get(key);
}
