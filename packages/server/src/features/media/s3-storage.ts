import path from 'node:path';
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { S3Config } from '../../config/config.js';
import { checkKey, type MediaStorage } from './storage.js';

const CONTENT_TYPES: Record<string, string> = { '.webp': 'image/webp', '.jpg': 'image/jpeg' };

/**
 * Objects in an S3 bucket (AWS, or an S3-compatible service such as MinIO),
 * for several servers on different machines sharing one store.
 */
export class S3Storage implements MediaStorage {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Config) {
    const { endpoint, region, accessKeyId, secretAccessKey } = settings;
    this.client = new S3Client({
      region,
      endpoint: endpoint ?? undefined,
      // A service of one's own answers at its one address, not at bucket.host names.
      forcePathStyle: endpoint !== null,
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    });
  }

  private objectKey(key: string) {
    return this.settings.prefix + checkKey(key);
  }

  async put(key: string, body: Buffer) {
    const ContentType = CONTENT_TYPES[path.extname(key)] ?? 'application/octet-stream';
    await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key), Body: body, ContentType }));
  }

  async read(key: string) {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
      const bytes = await object.Body!.transformToByteArray();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (error) {
      // A missing bucket is a misconfiguration, not a missing photo.
      const missing = error instanceof S3ServiceException && (error.name === 'NoSuchKey' || (error.$metadata.httpStatusCode === 404 && error.name !== 'NoSuchBucket'));
      if (missing) return null;
      throw error;
    }
  }

  async remove(keys: string[]) {
    const objects = keys.map((key) => ({ Key: this.objectKey(key) }));
    // At most 1000 keys a request; deleting a missing object succeeds (some services report NoSuchKey instead).
    for (let i = 0; i < objects.length; i += 1000) {
      const { Errors = [] } = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.settings.bucket, Delete: { Objects: objects.slice(i, i + 1000), Quiet: true } }),
      );
      const [failed, ...more] = Errors.filter((e) => e.Code !== 'NoSuchKey');
      if (failed) throw new Error(`could not remove media object ${failed.Key} (${failed.Code}: ${failed.Message})${more.length ? ` and ${more.length} more` : ''}`);
    }
  }
}
