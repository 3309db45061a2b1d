import { expect } from 'chai';
import { decodeRerunInput, isRerunDocument } from '../../../schemas/index.js';

describe('schemas/rerun-input: the input of a rerun (rerun_of)', () => {
  it('decodes the run id, the plan indexes and the top-level options', () => {
    const decoded = decodeRerunInput({
      rerun_of: { run_id: '20261201T225133Z-xojzv5', restores: [3, 0, 7] },
      base_url: 'us-west-2.api.clumio.com',
      dry_run: 'true',
      max_restores: 5,
    });
    expect(decoded).to.deep.equal({
      ok: true,
      value: {
        rerunOf: { runId: '20261201T225133Z-xojzv5', restores: [3, 0, 7] },
        baseUrl: 'us-west-2.api.clumio.com',
        dryRun: true,
        maxRestores: 5,
      },
      warnings: [],
    });
    expect(isRerunDocument({ rerun_of: null })).to.equal(true);
    expect(isRerunDocument({ RestoreGroups: [] })).to.equal(false);
  });

  it('names every problem at its path, warns of unknown fields, and never echoes a token', () => {
    const token = 'a-token-in-the-wrong-shape-0123456789';
    const decoded = decodeRerunInput({
      rerun_of: { run_id: '../etc', restores: [1, -2, 1.5, 1], why: 'x' },
      clumio_token: token,
      extra: true,
      base_url: `http://example.com/${token}`,
    });
    expect(decoded.ok).to.equal(false);
    if (decoded.ok) return;
    const problems = decoded.problems.map((p) => `${p.path}: ${p.message}`);
    expect(problems).to.have.length(5);
    expect(problems[0]).to.equal("rerun_of.run_id: expected a run id: 1 to 80 letters, digits, '-' or '_'");
    expect(problems.filter((p) => p.startsWith('rerun_of.restores'))).to.have.length(3);
    expect(problems).to.include('rerun_of.restores: a plan index is listed twice');
    expect(problems.some((p) => p.startsWith('base_url:'))).to.equal(true);
    expect(JSON.stringify(decoded)).not.to.contain(token);
    expect(decoded.warnings.map((w) => w.path)).to.deep.equal(['rerun_of.why', 'extra']);
  });

  it('refuses a token that is not a string', () => {
    const decoded = decodeRerunInput({ rerun_of: { run_id: 'r1', restores: [0] }, clumio_token: 42 });
    expect(decoded.ok).to.equal(false);
    if (!decoded.ok) expect(decoded.problems.map((p) => p.path)).to.deep.equal(['clumio_token']);
  });

  it('wants a non-empty list of restores', () => {
    for (const rerunOf of [undefined, 'run', { run_id: 'r1' }, { run_id: 'r1', restores: [] }]) {
      const decoded = decodeRerunInput({ rerun_of: rerunOf });
      expect(decoded.ok, JSON.stringify(rerunOf)).to.equal(false);
    }
  });
});
