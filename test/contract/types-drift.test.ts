// Drift check of src/contract/types.generated.ts against openapi/v3.json; see test/helpers/types-drift.ts.
import * as generated from '../../src/contract/types.generated.js';
import { checkTypesDrift } from '../helpers/types-drift.js';

await checkTypesDrift('v3', generated);
