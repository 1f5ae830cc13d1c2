import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsOptional, IsString, IsUrl, MinLength, ValidateNested, validateSync } from 'class-validator';
import type { ChannelTargets, NotifyRoutes } from '#reminders';
import { ConfigFileError, readJsonObject, validationProblems } from './json-config-file.js';

/*
 * The schema of one route of the routes file, as class-validator classes (the library the rest
 * of the configuration uses). Unknown keys are refused, so a misspelt channel (`dingding`) stops
 * the boot instead of quietly sending a unit's reminders nowhere.
 */

const HTTP_URL = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

class WebhookTarget {
  @IsUrl(HTTP_URL, { message: 'url must be an http(s) URL' })
  url: string;

  @IsString()
  @MinLength(16, { message: 'secret must be at least 16 characters' })
  secret: string;
}

class DingTalkTarget {
  @IsUrl(HTTP_URL, { message: "url must be an http(s) URL (the robot's https://oapi.dingtalk.com/robot/send?access_token=…)" })
  url: string;

  @IsString({ message: "secret is required: the robot's 加签 secret (SEC…)" })
  @MinLength(1, { message: "secret is required: the robot's 加签 secret (SEC…)" })
  secret: string;
}

class WeComTarget {
  @IsUrl(HTTP_URL, { message: "url must be an http(s) URL (the robot's https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…)" })
  url: string;
}

class Route {
  @IsOptional()
  @ValidateNested()
  @Type(() => DingTalkTarget)
  dingtalk?: DingTalkTarget;

  @IsOptional()
  @ValidateNested()
  @Type(() => WeComTarget)
  wecom?: WeComTarget;

  @IsOptional()
  @ValidateNested()
  @Type(() => WebhookTarget)
  webhook?: WebhookTarget;
}

/** A key of the file: `*`, `unit:<code>` or a recipient's id, without spaces. */
const ROUTE_KEY = /^(\*|unit:\S+|[^\s*:][^\s]*)$/;

/**
 * Reads and validates the routes file: a JSON object whose keys are `*`, `unit:<code>` or a
 * recipient's id, each naming at least one of `dingtalk` `{ url, secret }`, `wecom` `{ url }`,
 * `webhook` `{ url, secret }`.
 * @throws ConfigFileError naming `NOTIFY_ROUTES_FILE`, the file and every bad entry.
 */
export function loadNotifyRoutes(file: string): NotifyRoutes {
  const raw = readJsonObject('NOTIFY_ROUTES_FILE', file);
  const problems: string[] = [];
  const routes: Record<string, ChannelTargets> = {};
  for (const [key, value] of Object.entries(raw)) {
    const at = JSON.stringify(key);
    if (!ROUTE_KEY.test(key)) {
      problems.push(`${at}: a key is "*", "unit:<code>" or a recipient's id, without spaces`);
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`${at}: must be an object naming dingtalk, wecom or webhook`);
      continue;
    }
    const route = plainToInstance(Route, value);
    const errors = validationProblems(validateSync(route, { whitelist: true, forbidNonWhitelisted: true }), at);
    if (errors.length > 0) {
      problems.push(...errors);
      continue;
    }
    const targets: ChannelTargets = {
      ...(route.dingtalk ? { dingtalk: { url: route.dingtalk.url, secret: route.dingtalk.secret } } : {}),
      ...(route.wecom ? { wecom: { url: route.wecom.url } } : {}),
      ...(route.webhook ? { webhook: { url: route.webhook.url, secret: route.webhook.secret } } : {}),
    };
    if (Object.keys(targets).length === 0) problems.push(`${at}: names no channel (dingtalk, wecom or webhook)`);
    else routes[key] = targets;
  }
  if (problems.length > 0) throw new ConfigFileError('NOTIFY_ROUTES_FILE', file, problems);
  return routes;
}
