import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FILE_ID, fileDecider, fileStream } from '#domain';
import type { FileRecord } from '#read-models';
import { AppConfig, FILE_STORE, FileTooLargeError, receiveFile, UnsupportedFileTypeError, type FileStore } from '#platform';
import { ApiAnswer, ApiAnswerFile, ApiProblems } from '../http/openapi/api-answer.decorators.js';
import { CodedHttpError } from '../http/problem.filter.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { cleanFileName, contentDisposition, parseRange } from './content-disposition.js';
import { FileCatalogue } from './file-catalogue.js';
import type { FileMetaView, FileView } from './file.responses.js';

const view = (r: FileRecord): FileView => ({ ...r.file, uploadedBy: r.uploadedBy, uploadedAt: r.uploadedAt });

/** The multipart plugin's own "file too large" (when its limit trips before ours). */
const isMultipartTooLarge = (error: unknown) => (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE';

/**
 * Evidence files (佐证材料): upload (streamed, hashed while written, typed by its bytes), read
 * (streamed, ranges, ETag) and metadata. Who may read is the domain's `canReadFile`.
 */
@ApiTags('files')
@ApiBearerAuth()
@Controller('files')
export class FilesController {
  constructor(
    private readonly bus: CommandBus,
    private readonly catalogue: FileCatalogue,
    private readonly config: AppConfig,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: 'The file; its name is kept for downloads' } },
    },
  })
  @ApiOperation({ summary: 'Upload one evidence file (part `file`): content-addressed, typed by its bytes, at most FILE_MAX_BYTES' })
  @ApiAnswer('FileView')
  async upload(@Req() req: FastifyRequest, @Ctx() ctx: RequestContext): Promise<FileView> {
    if (!req.isMultipart()) throw new CodedHttpError(400, 'FILE.MISSING', { field: 'file' });
    const part = await req.file({ limits: { fileSize: this.config.FILE_MAX_BYTES + 1 } });
    if (!part || part.fieldname !== 'file') throw new CodedHttpError(400, 'FILE.MISSING', { field: 'file' });
    const name = cleanFileName(part.filename);
    let received;
    try {
      received = await receiveFile(this.store, part.file, { maxBytes: this.config.FILE_MAX_BYTES, name });
    } catch (error) {
      if (error instanceof FileTooLargeError || isMultipartTooLarge(error))
        throw new CodedHttpError(413, 'FILE.TOO_LARGE', { max: this.config.FILE_MAX_BYTES });
      if (error instanceof UnsupportedFileTypeError) throw new CodedHttpError(415, 'FILE.UNSUPPORTED_TYPE', { name });
      throw error;
    }
    await this.bus.execute(ctx.decide(fileStream(received.id), fileDecider, { type: 'UploadFile', data: { file: { ...received, name } } }));
    return view(this.catalogue.record(received.id)!);
  }

  @Get(':id')
  @ApiOperation({ summary: 'The bytes of a file the caller may read (Range, ETag, Content-Disposition with the original name)' })
  @ApiAnswerFile()
  @ApiProblems(416)
  async read(@Param('id') id: string, @Ctx() ctx: RequestContext, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const record = this.readable(id, ctx);
    const etag = `"${record.file.sha256}"`;
    reply
      .header('content-type', record.file.mediaType)
      .header('content-disposition', contentDisposition(record.file.name))
      .header('etag', etag)
      .header('accept-ranges', 'bytes')
      // Who may read depends on the caller: shared caches must not keep it.
      .header('cache-control', 'private, no-cache');
    if (req.headers['if-none-match']?.split(',').some((t) => t.trim() === etag)) {
      await reply.status(304).send();
      return;
    }
    const size = record.file.size;
    const ifRange = req.headers['if-range'];
    const range = ifRange === undefined || ifRange === etag ? parseRange(req.headers.range, size) : undefined;
    if (range === null) {
      // A problem like every other refusal; Content-Range tells the size (RFC 9110 §15.5.17).
      void reply.header('content-range', `bytes */${size}`);
      throw new CodedHttpError(416, 'FILE.RANGE_NOT_SATISFIABLE', { fileId: id, size });
    }
    const body = await this.store.read(id, range);
    if (!body) throw new CodedHttpError(404, 'FILE.NOT_FOUND', { fileId: id });
    if (range) {
      reply
        .status(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
        .header('content-length', range.end - range.start + 1);
    } else {
      reply.status(200).header('content-length', size);
    }
    await reply.send(body);
  }

  @Get(':id/meta')
  @ApiOperation({ summary: 'A file’s record and the events citing it' })
  @ApiAnswer('FileMetaView')
  meta(@Param('id') id: string, @Ctx() ctx: RequestContext): FileMetaView {
    const record = this.readable(id, ctx);
    return {
      ...view(record),
      citedBy: this.catalogue.readableCitations(ctx.actor, record).map((c) => ({ stream: c.stream, revision: c.revision })),
    };
  }

  /** The file if it exists and the caller may read it; 404 otherwise, as if it did not exist (API.md "Who may read what"). */
  private readable(id: string, ctx: RequestContext): FileRecord {
    const record = FILE_ID.test(id) ? this.catalogue.record(id) : null;
    if (!record || !this.catalogue.canRead(ctx.actor, record)) throw new CodedHttpError(404, 'FILE.NOT_FOUND', { fileId: id });
    return record;
  }
}
