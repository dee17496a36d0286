import * as z from 'zod/mini';
import { type Condition, isCondition } from './expression.js';

export const conditionSchema = z.custom<Condition>(isCondition, { error: 'form.definition.condition' });
