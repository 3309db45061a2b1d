import { expect } from 'chai';
import { ClumioConfigError, normaliseBaseUrl } from '../../../clumio/index.js';

describe('clumio/base-url normaliseBaseUrl', () => {
  const forms = [
    'us-west-2.api.clumio.com',
    'us-west-2.api.clumio.com/',
    'https://us-west-2.api.clumio.com',
    'https://us-west-2.api.clumio.com/',
    '  HTTPS://US-WEST-2.api.clumio.com/  ',
  ];
  for (const form of forms) {
    it(`accepts "${form}"`, () => {
      expect(normaliseBaseUrl(form)).to.equal('https://us-west-2.api.clumio.com');
    });
  }

  it('keeps the country label of the regional hosts', () => {
    expect(normaliseBaseUrl('eu-central-1.de.api.clumio.com/')).to.equal(
      'https://eu-central-1.de.api.clumio.com',
    );
    expect(normaliseBaseUrl('ap-southeast-2.au.api.clumio.com')).to.equal(
      'https://ap-southeast-2.au.api.clumio.com',
    );
  });

  it('maps a portal address to its API host', () => {
    expect(normaliseBaseUrl('https://west.portal.clumio.com/')).to.equal('https://us-west-2.api.clumio.com');
    expect(normaliseBaseUrl('east.portal.clumio.com')).to.equal('https://us-east-1.api.clumio.com');
    expect(normaliseBaseUrl('https://canada.portal.clumio.com/')).to.equal(
      'https://ca-central-1.ca.api.clumio.com',
    );
    expect(normaliseBaseUrl('eu1.portal.clumio.com')).to.equal('https://eu-central-1.de.api.clumio.com');
    expect(normaliseBaseUrl('au.portal.clumio.com')).to.equal('https://ap-southeast-2.au.api.clumio.com');
  });

  it('accepts http:// for loopback hosts only, keeping the port', () => {
    expect(normaliseBaseUrl('http://127.0.0.1:8080')).to.equal('http://127.0.0.1:8080');
    expect(normaliseBaseUrl('http://localhost:9000/')).to.equal('http://localhost:9000');
    expect(normaliseBaseUrl('http://[::1]:8080')).to.equal('http://[::1]:8080');
    expect(() => normaliseBaseUrl('http://us-west-2.api.clumio.com')).to.throw(
      ClumioConfigError,
      'http:// is allowed only for loopback hosts',
    );
    expect(() => normaliseBaseUrl('http://10.0.0.5:8080')).to.throw(ClumioConfigError, 'loopback');
  });

  it('rejects empty input, paths, queries, credentials and other schemes with a clear message', () => {
    expect(() => normaliseBaseUrl('  ')).to.throw(ClumioConfigError, 'Clumio base URL is empty');
    expect(() => normaliseBaseUrl('https://us-west-2.api.clumio.com/api/v1')).to.throw(
      ClumioConfigError,
      'must be a host without a path',
    );
    expect(() => normaliseBaseUrl('us-west-2.api.clumio.com?x=1')).to.throw(
      ClumioConfigError,
      'without a path',
    );
    expect(() => normaliseBaseUrl('https://user:pw@us-west-2.api.clumio.com')).to.throw(
      ClumioConfigError,
      'credentials',
    );
    expect(() => normaliseBaseUrl('ftp://us-west-2.api.clumio.com')).to.throw(
      ClumioConfigError,
      'unsupported scheme',
    );
    expect(() => normaliseBaseUrl('https://exa mple.com')).to.throw(ClumioConfigError, 'is not a URL');
  });
});
