// Fastify loads its schema compilers (ajv, fast-json-stringify) when an instance is created, which is a
// good part of the start-up time. Contract validation is our own, so load them only if a route asks.
import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type Compilers = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type ValidatorFactory = NonNullable<Compilers['buildValidator']>;
type SerializerFactory = NonNullable<Compilers['buildSerializer']>;

// Resolved from Fastify's own location: they are its dependencies, wherever the installer put them.
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));

let validatorFactory: ValidatorFactory | undefined;
let serializerFactory: SerializerFactory | undefined;

/**
 * The compilers Fastify would build itself, created on first use. Fastify treats a custom validator
 * differently only for header schemas, which no route declares.
 */
export const lazyCompilers: Compilers = {
  buildValidator: ((externalSchemas: unknown, options: unknown) => {
    validatorFactory ??= (fromFastify('@fastify/ajv-compiler') as () => ValidatorFactory)();
    // Both shapes of the factory take (external schemas, options).
    return (validatorFactory as (schemas: unknown, options: unknown) => unknown)(externalSchemas, options);
  }) as unknown as ValidatorFactory,
  buildSerializer: ((externalSchemas?: unknown, options?: Parameters<SerializerFactory>[1]) => {
    serializerFactory ??= (fromFastify('@fastify/fast-json-stringify-compiler') as () => SerializerFactory)();
    return serializerFactory(externalSchemas, options);
  }) as SerializerFactory,
};
