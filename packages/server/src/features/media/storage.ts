import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config/config.js';

/**
 * Where media files live, by key ("ab/abcdef…/display.webp"). Keys are made
 * by the server (never from a client's file name) and checked here too, so no
 * key can reach outside the store.
 */
export interface MediaStorage {
  put(key: string, body: Buffer): Promise<void>;
  /** The file, or null when there is none. */
  read(key: string): Promise<Buffer | null>;
  /** Removes the files; missing ones are not an error. */
  remove(keys: string[]): Promise<void>;
}

const KEY = /^[a-z0-9]+(?:[/_.-][a-z0-9]+)*$/;

export function checkKey(key: string): string {
  if (!KEY.test(key) || key.length > 200) throw new Error(`not a media key: ${JSON.stringify(key)}`);
  return key;
}

/** A new key prefix for one upload's files: random, two levels deep so no folder grows past a few thousand. */
export function newMediaPrefix(): string {
  const id = crypto.randomBytes(16).toString('hex');
  return `${id.slice(0, 2)}/${id}`;
}

/** Files under a folder on this machine (DATA_DIR/media by default): one server, or a shared volume. */
export class LocalDiskStorage implements MediaStorage {
  constructor(private readonly root: string) {}

  private file(key: string) {
    return path.join(this.root, ...checkKey(key).split('/'));
  }

  async put(key: string, body: Buffer) {
    const target = this.file(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    // Written aside and renamed: a reader never sees half a file.
    const partial = `${target}.${crypto.randomBytes(6).toString('hex')}.partial`;
    await fs.writeFile(partial, body);
    await fs.rename(partial, target);
  }

  async read(key: string) {
    try {
      return await fs.readFile(this.file(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async remove(keys: string[]) {
    await Promise.all(keys.map((key) => fs.rm(this.file(key), { force: true })));
  }
}

/** The store the configuration names: its S3 bucket (the SDK loaded only then), or else DATA_DIR/media. */
export async function mediaStorageFor(config: Config): Promise<MediaStorage> {
  if (!config.s3) return new LocalDiskStorage(path.join(config.dataDir, 'media'));
  const { S3Storage } = await import('./s3-storage.js');
  return new S3Storage(config.s3);
}
