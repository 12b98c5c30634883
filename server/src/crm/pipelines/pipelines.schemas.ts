import { z } from 'zod';
import { Id, Name } from '../shared/schemas.ts';

export const StageResponse = z
  .object({
    id: Id,
    name: z.string(),
    position: z.number().int().meta({ description: '1-based position in the pipeline' }),
    probability: z.number().int().min(0).max(100),
    isWon: z.boolean(),
    isLost: z.boolean(),
  })
  .meta({ id: 'Stage' });

export const PipelineResponse = z
  .object({ id: Id, name: z.string(), isDefault: z.boolean(), stages: z.array(StageResponse) })
  .meta({ id: 'Pipeline' });

const Probability = z.number().int().min(0).max(100);

export const StageInput = z
  .object({
    name: Name,
    probability: Probability,
    isWon: z.boolean().default(false),
    isLost: z.boolean().default(false),
  })
  .refine((s) => !(s.isWon && s.isLost), { error: 'a stage cannot be both won and lost', path: ['isLost'] })
  .meta({ description: 'isWon and isLost are not both true' });

export const CreatePipelineBody = z.object({
  name: Name,
  isDefault: z.boolean().default(false),
  stages: z.array(StageInput).min(1).max(30),
});

export const UpdatePipelineBody = z.object({ name: Name.optional(), isDefault: z.literal(true).optional() });

export const AddStageBody = z
  .object({
    name: Name,
    probability: Probability,
    isWon: z.boolean().default(false),
    isLost: z.boolean().default(false),
    position: z.number().int().min(1).optional().meta({ description: 'Where to insert it; default last' }),
  })
  .refine((s) => !(s.isWon && s.isLost), { error: 'a stage cannot be both won and lost', path: ['isLost'] })
  .meta({ description: 'isWon and isLost are not both true' });

export const UpdateStageBody = z.object({
  name: Name.optional(),
  probability: Probability.optional(),
  isWon: z.boolean().optional(),
  isLost: z.boolean().optional(),
});

export const ReorderStagesBody = z.object({
  stageIds: z.array(Id).min(1).meta({ description: 'Every stage of the pipeline, in the new order' }),
});

export const StageParams = z.object({ id: Id, stageId: Id });
