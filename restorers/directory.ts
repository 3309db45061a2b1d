import { firstMatching, listAllMatching, listMatching } from './checked-list.js';
import { PlanError, type Directory, type Environment, type LookupContext } from './types.js';

type Lists = Pick<LookupContext, 'client' | 'log'>;

/** Environments and tag ids, looked up once per run and reused by every group. */
export class CachedDirectory implements Directory {
  private readonly environments = new Map<string, Promise<Environment>>();
  private readonly tags = new Map<string, Promise<string[]>>();

  constructor(private readonly lists: Lists) {}

  environment(account: string, region: string): Promise<Environment> {
    const key = `${account}/${region}`;
    let found = this.environments.get(key);
    if (found === undefined) {
      found = this.lookupEnvironment(account, region);
      this.environments.set(key, found);
    }
    return found;
  }

  tagIds(environmentId: string, key: string, value: string): Promise<string[]> {
    const cacheKey = JSON.stringify([environmentId, key, value]);
    let found = this.tags.get(cacheKey);
    if (found === undefined) {
      found = this.lookupTagIds(environmentId, key, value);
      this.tags.set(cacheKey, found);
    }
    return found;
  }

  private async lookupEnvironment(account: string, region: string): Promise<Environment> {
    const env = await firstMatching<Environment>(this.lists, 'environments', {
      filter: { account_native_id: { $eq: account }, aws_region: { $eq: region } },
    });
    if (env === undefined) {
      throw new PlanError(
        `no Clumio environment for account ${account} in ${region} (is it connected to Clumio?)`,
      );
    }
    return env;
  }

  private async lookupTagIds(environmentId: string, key: string, value: string): Promise<string[]> {
    // `value $contains` is the only value operator of the tag list (clumio-api §6.3); exact match here.
    const ids: string[] = [];
    for await (const tag of listMatching<{ id: string; key: string; value: string }>(
      this.lists,
      'environmentTags',
      { params: { environment_id: environmentId }, filter: { value: { $contains: value } } },
    )) {
      if (tag.key === key && tag.value === value) ids.push(tag.id);
    }
    return ids;
  }
}

// clumio-api §6.1 is unsure which of the two Clumio calls a working connection; neither means a broken one.
const CONNECTED = ['connected', 'installed'];

/**
 * The connected environments of an account, every page of the token-style list (an
 * organisation may have more than one page of environments). Connection status is checked here rather than in the filter, so
 * either spelling of "connected" works.
 */
export async function connectedEnvironments(
  lists: Lists,
  account: string,
): Promise<(Environment & { readonly connection_status?: string })[]> {
  const environments = await listAllMatching<Environment & { connection_status?: string }>(
    lists,
    'environments',
    { filter: { account_native_id: { $eq: account } } },
  );
  return environments.filter(
    (env) => env.connection_status === undefined || CONNECTED.includes(env.connection_status),
  );
}
