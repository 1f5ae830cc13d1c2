import type { CataloguePart } from '../catalogue.js';

/** Authentication, the HTTP layer, evidence files, the event store, audit and administration. */
export const platformEn = {
  problems: {
    'FILE.RANGE_NOT_SATISFIABLE': {
      title: 'Range not satisfiable',
      detail: 'The range asked for starts past the end of file {{fileId}} ({{size}} bytes).',
    },
    'FILE.NOT_FOUND': { title: 'File not found', detail: 'There is no evidence file {{fileId}}.' },
    'FILE.MISSING': { title: 'File missing', detail: 'Upload one file part named {{field}} as multipart/form-data.' },
    'FILE.TOO_LARGE': { title: 'File too large', detail: 'The file passed the limit of {{max}} bytes; nothing of it was kept.' },
    'FILE.UNSUPPORTED_TYPE': {
      title: 'Unsupported file type',
      detail: 'The bytes of {{name}} are not an accepted type (PDF, OFD, JPEG, PNG, WebP, DOC/DOCX, XLS/XLSX, WPS, ZIP).',
    },
    'FILE.CITED': { title: 'File is cited', detail: 'Evidence file {{fileId}} is cited {{citations}} times and is never removed.' },
    'FILE.RECENTLY_UPLOADED': {
      title: 'File uploaded again',
      detail: 'Evidence file {{fileId}} was uploaded again at {{uploadedAt}}; it is kept.',
    },
    'FILE.TOO_MANY_ATTACHMENTS': { title: 'Too many attachments', detail: 'At most {{max}} files may be attached at once.' },
    'FILE.DUPLICATE_ATTACHMENT': { title: 'Attachment listed twice', detail: '{{path}} attaches file {{fileId}} again.' },
    'FILE.UNKNOWN_ATTACHMENT': { title: 'Unknown attachment', detail: '{{path}}: there is no file {{fileId}} you may read.' },
    'AUTH.TOKEN_REQUIRED': { title: 'Token required', detail: 'A bearer token is required.' },
    'AUTH.INVALID_TOKEN': { title: 'Invalid token', detail: 'Invalid token: {{reason}}.' },
    'AUTH.ROLE_REQUIRED': { title: 'Role required', detail: 'This action needs one of the roles: {{roles}}.' },
    'AUTH.UNAUTHENTICATED': { title: 'Unauthenticated', detail: 'Sign in first.' },
    'AUTH.FORBIDDEN': { title: 'Forbidden', detail: 'You may not do this.' },
    'RESOURCE.NOT_FOUND': { title: 'Not found', detail: 'No such resource.' },
    'HTTP.METHOD_NOT_ALLOWED': { title: 'Method not allowed', detail: 'This address does not accept this method.' },
    'HTTP.BAD_REQUEST': { title: 'Bad request', detail: 'The request cannot be processed.' },
    'HTTP.FST_ERR_CTP_INVALID_JSON_BODY': { title: 'Body is not JSON', detail: 'The body is not valid JSON.' },
    'HTTP.FST_ERR_CTP_BODY_TOO_LARGE': { title: 'Body too large', detail: 'The body is larger than allowed.' },
    'HTTP.FST_ERR_CTP_INVALID_MEDIA_TYPE': {
      title: 'Unsupported media type',
      detail: 'This content type is not supported; send application/json.',
    },
    'REQUEST.INVALID': { title: 'Invalid request', detail: 'The request is not valid: {{summary}}' },
    'REQUEST.RATE_LIMITED': {
      title: 'Too many requests',
      detail: 'Too many requests in a short time; try again after the time Retry-After gives.',
    },
    'REQUEST.TOO_DEEP': { title: 'Body nested too deeply', detail: 'The body nests objects and arrays more than {{max}} levels deep.' },
    'REQUEST.TOO_LARGE': { title: 'Body too large', detail: 'The body is larger than allowed.' },
    'REQUEST.UNSUPPORTED_MEDIA_TYPE': {
      title: 'Unsupported media type',
      detail: 'This content type is not supported; send application/json.',
    },
    'REQUEST.BAD_IF_MATCH': { title: 'Invalid If-Match', detail: 'If-Match must be a quoted revision such as "3".' },
    'REQUEST.BAD_IDEMPOTENCY_KEY': { title: 'Invalid Idempotency-Key', detail: 'Idempotency-Key must be 1 to 200 characters.' },
    'IDEMPOTENCY.KEY_REUSED': { title: 'Idempotency-Key reused', detail: 'This Idempotency-Key was used with another request body.' },
    'IDEMPOTENCY.IN_PROGRESS': { title: 'Request in progress', detail: 'A request with this Idempotency-Key is still being processed.' },
    'EVENT_STORE.PRECONDITION_FAILED': { title: 'Revision mismatch', detail: 'The resource is at revision {{actual}}, not {{expected}}.' },
    'EVENT_STORE.CONCURRENCY_RETRIES_EXHAUSTED': {
      title: 'Concurrent change',
      detail: 'The resource changed concurrently; retry the request.',
    },
    'EVENT_STORE.WRONG_EXPECTED_VERSION': { title: 'Concurrent change', detail: 'The resource changed concurrently; retry the request.' },
    'EVENT_STORE.STREAM_NOT_FOUND': { title: 'Not found', detail: 'No such record.' },
    'EVENT_STORE.UNAVAILABLE': {
      title: 'Cannot save now',
      detail:
        'The event store cannot take writes right now (for example, its disk is full); nothing of this request was saved. Retry later.',
    },
    'EVENT_STORE.DUPLICATE_EVENT_ID': { title: 'Already recorded', detail: 'This operation was already recorded.' },
    INTERNAL: { title: 'Internal error', detail: 'An unexpected error occurred.' },
    'AUDIT.STREAM_NOT_FOUND': { title: 'Stream not found', detail: 'There is no stream {{stream}}.' },
    'AUDIT.AS_OF_AND_REVISION': { title: 'Conflicting parameters', detail: 'Give asOf or revision, not both.' },
    'AUDIT.NO_AGGREGATE': { title: 'No aggregate', detail: 'No aggregate folds streams like {{stream}}.' },
    'AUDIT.DIGEST_BEYOND_HEAD': { title: 'Position beyond the head', detail: 'The store ends at position {{head}}, before {{position}}.' },
    'PROJECTION.NOT_FOUND': { title: 'Projection not found', detail: 'There is no projection named {{name}}.' },
    'PROJECTION.REBUILD_IN_PROGRESS': { title: 'Rebuild in progress', detail: 'A rebuild of {{name}} is already running.' },
  },
} satisfies CataloguePart;
