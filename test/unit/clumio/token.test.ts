import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';
import {
  clearTokenCache,
  ClumioConfigError,
  redact,
  REDACTED,
  resolveTokenProvider,
  secretToken,
  tokenFromSecretString,
} from '../../../clumio/index.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:clumio/token-AbCdEf';

describe('clumio/token', () => {
  const sm = mockClient(SecretsManagerClient);
  beforeEach(() => {
    sm.reset();
    clearTokenCache();
  });

  describe('tokenFromSecretString', () => {
    it('takes a raw secret as the token', () => {
      expect(tokenFromSecretString('  eyJraw.token.value \n')).to.equal('eyJraw.token.value');
    });
    it('takes the first value of a JSON secret, whatever its key (the reference implementation form)', () => {
      expect(tokenFromSecretString('{"token":"eyJjson.token"}')).to.equal('eyJjson.token');
      expect(tokenFromSecretString('{"clumio":"first-value-token","other":"x"}')).to.equal(
        'first-value-token',
      );
    });
    it('rejects empty or unusable secrets without quoting them', () => {
      expect(() => tokenFromSecretString('')).to.throw(ClumioConfigError, 'the token secret is empty');
      expect(() => tokenFromSecretString('{"token":""}')).to.throw(ClumioConfigError, 'first value');
      expect(() => tokenFromSecretString('{"token":42}')).to.throw(ClumioConfigError, 'first value');
      expect(() => tokenFromSecretString('{not json, secret-bits')).to.throw(
        ClumioConfigError,
        'does not parse',
      );
      try {
        tokenFromSecretString('{not json, secret-bits');
      } catch (error) {
        expect(String(error)).not.to.contain('secret-bits');
      }
    });
  });

  describe('secretToken', () => {
    it('reads the secret once and caches it for the container', async () => {
      sm.on(GetSecretValueCommand, { SecretId: ARN }).resolves({
        SecretString: '{"token":"cached-token-123"}',
      });
      const provider = secretToken(ARN, new SecretsManagerClient({ region: 'us-east-1' }));
      expect(await provider()).to.equal('cached-token-123');
      expect(await provider()).to.equal('cached-token-123');
      expect(await secretToken(ARN, new SecretsManagerClient({ region: 'us-east-1' }))()).to.equal(
        'cached-token-123',
      );
      expect(sm.commandCalls(GetSecretValueCommand)).to.have.length(1);
    });

    it('registers the token for redaction', async () => {
      sm.on(GetSecretValueCommand).resolves({ SecretString: 'redact-me-token-456' });
      await secretToken(ARN, new SecretsManagerClient({ region: 'us-east-1' }))();
      expect(redact('header Bearer redact-me-token-456 end')).to.equal(`header Bearer ${REDACTED} end`);
    });

    it('turns an AWS error into a clear config error naming the secret, and retries on the next call', async () => {
      const denied = Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' });
      sm.on(GetSecretValueCommand).rejectsOnce(denied).resolves({ SecretString: 'second-try-token' });
      const provider = secretToken(ARN, new SecretsManagerClient({ region: 'us-east-1' }));
      let message = '';
      try {
        await provider();
      } catch (error) {
        expect(error).to.be.instanceOf(ClumioConfigError);
        message = (error as Error).message;
      }
      expect(message).to.equal(`could not read the Clumio token secret ${ARN}: AccessDeniedException`);
      expect(await provider()).to.equal('second-try-token');
    });

    it('rejects a secret without SecretString', async () => {
      sm.on(GetSecretValueCommand).resolves({});
      const provider = secretToken(ARN, new SecretsManagerClient({ region: 'us-east-1' }));
      let caught: unknown;
      await provider().catch((e: unknown) => (caught = e));
      expect(caught).to.be.instanceOf(ClumioConfigError);
      expect((caught as Error).message).to.contain('has no SecretString');
    });
  });

  describe('resolveTokenProvider', () => {
    it('prefers CLUMIO_TOKEN over the input token over the secret', async () => {
      sm.on(GetSecretValueCommand).resolves({ SecretString: 'from-secret-token' });
      const secretsManager = new SecretsManagerClient({ region: 'us-east-1' });
      const all = {
        env: { CLUMIO_TOKEN: 'from-env-token' },
        inputToken: 'from-input-token',
        secretArn: ARN,
        secretsManager,
      };
      expect(await resolveTokenProvider(all)()).to.equal('from-env-token');
      expect(await resolveTokenProvider({ ...all, env: {} })()).to.equal('from-input-token');
      expect(await resolveTokenProvider({ ...all, env: { CLUMIO_TOKEN: ' ' }, inputToken: '' })()).to.equal(
        'from-secret-token',
      );
    });

    it('names every source when none is set', () => {
      expect(() => resolveTokenProvider({ env: {} })).to.throw(
        ClumioConfigError,
        'no Clumio API token: set CLUMIO_TOKEN, or give clumio_token in the input, or configure the token secret ARN',
      );
    });
  });
});
