// The skill errors, with the `detail` texts the reference's error schemas carry by default.
import type { ApiError } from '../../http/errors.js';
import { detailError } from '../../http/errors.js';

export const skillNotFound = (detail = 'Skill not found'): ApiError => detailError(404, detail);
export const skillNotFinished = (detail = 'Skill is not finished'): ApiError => detailError(400, detail);
export const generationNotCancellable = (): ApiError => detailError(400, 'Generation is not cancellable');
export const cannotDeleteWhileGenerating = (): ApiError => detailError(400, 'Cannot delete skill while it is still generating');
export const concurrentSkillCreations = (): ApiError =>
  detailError(400, 'Concurrent skill creations are not allowed. Please wait for the current skill creation to finish or cancel it.');
export const enabledSkillsLimitExceeded = (): ApiError => detailError(403, 'Enabled skills limit exceeded for your plan');
