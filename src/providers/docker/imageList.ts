// The engine's image list (GET /images/json) as the images a user picks from: each image's ID,
// its tags (none for a dangling one) and its size. Rows that are not what they should be are left out.
import type { WorkloadImage } from '../provider';
import { shortImageId } from '../../shared/imageAnalysis';

export function imagesOf(raw: unknown): WorkloadImage[] {
  if (!Array.isArray(raw)) throw new Error('The engine\'s image list is not a list.');
  const images: WorkloadImage[] = [];
  for (const row of raw as unknown[]) {
    const { Id: id, RepoTags: repoTags, Size: size } = (row ?? {}) as { Id?: unknown; RepoTags?: unknown; Size?: unknown };
    if (typeof id !== 'string' || id === '') continue;
    const tags = Array.isArray(repoTags) ? repoTags.filter((tag): tag is string => typeof tag === 'string' && tag !== '<none>:<none>') : [];
    images.push({ id, name: tags[0] ?? shortImageId(id), tags, ...(typeof size === 'number' && size >= 0 ? { sizeBytes: size } : {}) });
  }
  return images;
}
