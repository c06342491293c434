-- AlterEnum
ALTER TYPE "CandidateKind" ADD VALUE 'PASSAGE';

-- AlterEnum
ALTER TYPE "ResponseSource" ADD VALUE 'KNOWLEDGE';
