import type {
  ExperimentSummary,
  ImageInfo,
  ReplicaSetInfo,
  RevisionTag,
} from '../types';

const EXPERIMENT_TAG_PREFIX = 'Σ:';
const TAG_ORDER: RevisionTag[] = [
  'canary',
  'stable',
  'active',
  'preview',
  'ping',
  'pong',
];

interface TaggedImage {
  image: string;
  /** Role tags and `Σ:<template>` experiment tags, in display order. */
  tags: string[];
}

/** Go's byte-wise string order (`sort.Strings`, `<` on strings). */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** `mergeImageAndTags`: union the tags of an image seen again (sorted), keep the list sorted by image. */
function mergeImage(list: TaggedImage[], image: TaggedImage): TaggedImage[] {
  const existing = list.find(i => i.image === image.image);
  if (existing) {
    existing.tags = [...new Set([...image.tags, ...existing.tags])].sort(
      compareStrings,
    );
  } else {
    list.push({ image: image.image, tags: [...image.tags] });
  }
  return list.sort((a, b) => compareStrings(a.image, b.image));
}

function toImageInfo(tagged: TaggedImage): ImageInfo {
  const tags = tagged.tags.filter(
    t => !t.startsWith(EXPERIMENT_TAG_PREFIX),
  ) as RevisionTag[];
  const templates = tagged.tags
    .filter(t => t.startsWith(EXPERIMENT_TAG_PREFIX))
    .map(t => t.slice(EXPERIMENT_TAG_PREFIX.length));
  return templates.length > 0
    ? { image: tagged.image, tags, experimentTemplates: templates }
    : { image: tagged.image, tags };
}

function experimentTaggedImages(experiment: ExperimentSummary): TaggedImage[] {
  let images: TaggedImage[] = [];
  for (const rs of experiment.replicaSets) {
    if (rs.current > 0) {
      for (const image of rs.images) {
        const tags = rs.experimentTemplate
          ? [`${EXPERIMENT_TAG_PREFIX}${rs.experimentTemplate}`]
          : [];
        images = mergeImage(images, { image, tags });
      }
    }
  }
  return images;
}

/** `info.ExperimentImages`: images of the experiment's running ReplicaSets, tagged with their template. */
export function experimentImages(experiment: ExperimentSummary): ImageInfo[] {
  return experimentTaggedImages(experiment).map(toImageInfo);
}

/**
 * `info.Images`: the images running in the rollout's ReplicaSets (those with
 * replicas) and experiments, each with its roles (canary, stable, active,
 * preview, ping, pong) and experiment templates; sorted by image.
 */
export function rolloutImages(
  replicaSets: ReplicaSetInfo[],
  experiments: ExperimentSummary[],
): ImageInfo[] {
  let images: TaggedImage[] = [];
  for (const rs of replicaSets) {
    if (rs.current > 0) {
      for (const image of rs.images) {
        const tags = TAG_ORDER.filter(tag => rs.tags.includes(tag));
        images = mergeImage(images, { image, tags });
      }
    }
  }
  for (const experiment of experiments) {
    for (const tagged of experimentTaggedImages(experiment)) {
      images = mergeImage(images, tagged);
    }
  }
  return images.map(toImageInfo);
}

/** The tags as `get rollout` prints them after an image: role tags, then `Σ:<template>`. */
export function imageTagLabels(image: ImageInfo): string[] {
  return [
    ...image.tags,
    ...(image.experimentTemplates ?? []).map(
      t => `${EXPERIMENT_TAG_PREFIX}${t}`,
    ),
  ];
}
