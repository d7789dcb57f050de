import { ApiPropertyOptional } from '@nestjs/swagger';
import { SwitchboardError } from '@switchboard/errors';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { SelectQueryBuilder } from 'typeorm';

export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 200;

/** `?limit=&cursor=` of every list route. */
export class PageQuery {
  @ApiPropertyOptional({
    description: `Page size, 1 to ${PAGE_LIMIT_MAX}.`,
    minimum: 1,
    maximum: PAGE_LIMIT_MAX,
    default: PAGE_LIMIT_DEFAULT,
    example: 20,
  })
  @IsOptional()
  // Query values are strings and the pipe never converts implicitly.
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PAGE_LIMIT_MAX)
  limit?: number;

  @ApiPropertyOptional({
    description: 'The `nextCursor` of the previous page. Opaque: pass it back unchanged.',
    example: 'eyJ0IjoiMjAyNi0xMS0yMlQwNzoxNTo0My4wMDBaIiwiaSI6IjFhMmIifQ',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a cursor returned by a previous page' })
  cursor?: string;
}

/** One page of a list: `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Position after the last item of a page ordered by (createdAt, id). */
export interface CreatedCursor {
  createdAt: Date;
  id: string;
}

export function encodeCreatedCursor(position: CreatedCursor): string {
  return Buffer.from(JSON.stringify({ t: position.createdAt.toISOString(), i: position.id })).toString(
    'base64url',
  );
}

/** @throws a 400 validation error when the cursor was not made by {@link encodeCreatedCursor}. */
export function decodeCreatedCursor(cursor: string): CreatedCursor {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      t?: unknown;
      i?: unknown;
    };
    const createdAt = typeof value.t === 'string' ? new Date(value.t) : undefined;
    if (
      createdAt &&
      !Number.isNaN(createdAt.getTime()) &&
      typeof value.i === 'string' &&
      value.i.length <= 64
    )
      return { createdAt, id: value.i };
  } catch {
    // fall through to the validation error
  }
  throw SwitchboardError.validation('Invalid page query', [
    { path: 'cursor', message: 'cursor must be a cursor returned by a previous page' },
  ]);
}

/**
 * One page of a keyset-paginated list, oldest first, stable under inserts: rows after the cursor's
 * (createdAt, id), one extra fetched to know whether another page follows.
 */
export async function paginateByCreated<Row extends CreatedCursor, View>(
  builder: SelectQueryBuilder<Row>,
  alias: string,
  limit: number,
  cursor: string | undefined,
  toView: (row: Row) => View,
): Promise<Page<View>> {
  if (cursor !== undefined) {
    const after = decodeCreatedCursor(cursor);
    builder.andWhere(
      `(${alias}.createdAt > :createdAt OR (${alias}.createdAt = :createdAt AND ${alias}.id > :id))`,
      { createdAt: after.createdAt, id: after.id },
    );
  }
  const rows = await builder
    .orderBy(`${alias}.createdAt`, 'ASC')
    .addOrderBy(`${alias}.id`, 'ASC')
    .limit(limit + 1)
    .getMany();
  return pageOf(rows, limit, toView, encodeCreatedCursor);
}

/** Position after the last item of a page ordered by version, newest first: that version. */
export function encodeVersionCursor(version: number): string {
  return Buffer.from(String(version)).toString('base64url');
}

/** @throws a 400 validation error when the cursor was not made by {@link encodeVersionCursor}. */
export function decodeVersionCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[1-9]\d{0,8}$/.test(text))
    throw SwitchboardError.validation('Invalid page query', [
      { path: 'cursor', message: 'cursor must be a cursor returned by a previous page' },
    ]);
  return Number(text);
}

/**
 * One page of the versions of a versioned resource, newest first: versions below the cursor's,
 * one extra fetched to know whether another page follows.
 */
export async function paginateByVersion<Row extends { version: number }, View>(
  builder: SelectQueryBuilder<Row>,
  alias: string,
  limit: number,
  cursor: string | undefined,
  toView: (row: Row) => View,
): Promise<Page<View>> {
  if (cursor !== undefined)
    builder.andWhere(`${alias}.version < :before`, { before: decodeVersionCursor(cursor) });
  const rows = await builder
    .orderBy(`${alias}.version`, 'DESC')
    .limit(limit + 1)
    .getMany();
  return pageOf(rows, limit, toView, (last) => encodeVersionCursor(last.version));
}

/** The first `limit` of `rows` (fetched one over): the cursor after the last one when more follow. */
function pageOf<Row, View>(
  rows: Row[],
  limit: number,
  toView: (row: Row) => View,
  cursorAfter: (last: Row) => string,
): Page<View> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toView),
    nextCursor: rows.length > limit && last !== undefined ? cursorAfter(last) : null,
  };
}
