import { expect } from 'chai';

import { decodeListInput, decodeRestoreInput, type Problem } from '../../../schemas/index.js';
import { SOURCE } from './helpers.js';

const NOW = new Date('2026-06-30T12:00:00Z');
const EBS = { ResourceType: 'EBS', ...SOURCE, target_az: 'us-east-1a' };
const EC2 = { ResourceType: 'EC2', ...SOURCE };
const RDS = { ResourceType: 'RDS', ...SOURCE, target_rds_name: 'orders-dr' };
const DDB = { ResourceType: 'DynamoDB', ...SOURCE, change_set_name: 'dr' };
const PG = {
  ResourceType: 'ProtectionGroup',
  search_pg_name: 'pg-finance',
  target_bucket: 'dr-restore-bucket',
};
const PG_DR = { ...PG, target_account: '222222222222' };

function decode(group: Record<string, unknown>) {
  return decodeRestoreInput({ RestoreGroups: [group] }, NOW);
}

function groupOf(group: Record<string, unknown>): Record<string, unknown> {
  const result = decode(group);
  if (!result.ok) return expect.fail(`expected a valid group, got ${JSON.stringify(result.problems)}`);
  return result.value.groups[0] as unknown as Record<string, unknown>;
}

function problems(group: Record<string, unknown>): Problem[] {
  const result = decode(group);
  if (result.ok) return expect.fail('expected problems, the group is valid');
  return result.problems;
}

const at = (field: string, message: string): Problem => ({ path: `RestoreGroups[0].${field}`, message });

describe('schemas: search_time, restore_from, target_restore_as, search_tags', () => {
  describe('search_time', () => {
    it('decodes to UTC for every type; the offsets stay 0 and the direction defaults to before', () => {
      for (const group of [EBS, EC2, RDS, DDB, PG_DR]) {
        expect(groupOf({ ...group, search_time: '2026-06-28T16:05:00+02:00' })).to.deep.include({
          search_time: '2026-06-28T14:05:00Z',
          search_direction: 'before',
          start_search_day_offset: 0,
          end_search_day_offset: 0,
        });
      }
    });

    it('refuses a timestamp without a zone (exit 2: a problem at the field)', () => {
      expect(problems({ ...EBS, search_time: '2026-06-28T14:05:00' })).to.deep.equal([
        at(
          'search_time',
          'a timestamp without a zone is ambiguous: add Z (UTC) or an offset such as +02:00 (2026-06-28T14:05:00Z or 2026-06-28T16:05:00+02:00)',
        ),
      ]);
    });

    it('is not combined with a day offset: a problem at the offset that names search_time', () => {
      const message = 'not with search_time: give search_time or the day offsets, not both';
      expect(
        problems({ ...EBS, search_time: '2026-06-28T14:05:00Z', end_search_day_offset: 1 }),
      ).to.deep.equal([at('end_search_day_offset', message)]);
      expect(
        problems({
          ...EBS,
          search_direction: 'after',
          search_time: '2026-06-28T14:05:00Z',
          start_search_day_offset: 0,
          end_search_day_offset: '2',
        }),
      ).to.deep.equal([at('start_search_day_offset', message), at('end_search_day_offset', message)]);
    });

    it('says so when the offset came from DefaultInput', () => {
      const result = decodeRestoreInput(
        {
          DefaultInput: { EBS: { end_search_day_offset: 1 } },
          RestoreGroups: [{ ...EBS, search_time: '2026-06-28T14:05:00Z' }],
        },
        NOW,
      );
      expect(result.ok).to.equal(false);
      if (result.ok) return;
      expect(result.problems).to.deep.equal([
        at(
          'end_search_day_offset',
          'not with search_time: give search_time or the day offsets, not both [from DefaultInput.EBS]',
        ),
      ]);
    });

    it('still to come: an error for after, now with a warning for before', () => {
      expect(
        problems({ ...EBS, search_direction: 'after', search_time: '2026-07-01T00:00:00Z' }),
      ).to.deep.equal([
        at('search_time', 'is still to come (now is 2026-06-30T12:00:00Z): no backup started after it'),
      ]);
      const before = decode({ ...EBS, search_time: '2026-07-01T00:00:00Z' });
      expect(before.ok).to.equal(true);
      expect(before.warnings).to.deep.equal([
        at(
          'search_time',
          'is still to come (now is 2026-06-30T12:00:00Z): the newest backup up to now is used',
        ),
      ]);
      const pitr = decode({ ...DDB, restore_from: 'point_in_time', search_time: '2026-07-01T00:00:00Z' });
      expect(pitr.ok).to.equal(true);
      expect(pitr.warnings).to.deep.equal([
        at(
          'search_time',
          'is still to come (now is 2026-06-30T12:00:00Z): the latest restorable moment is restored',
        ),
      ]);
    });

    it('exactly now is not in the future', () => {
      const result = decode({ ...EBS, search_direction: 'after', search_time: '2026-06-30T12:00:00Z' });
      expect(result.ok).to.equal(true);
      expect(result.warnings).to.deep.equal([]);
    });
  });

  describe('search_time_end', () => {
    const after = { ...EBS, search_direction: 'after', search_time: '2026-06-28T14:05:00Z' };

    it('ends an after window, decoded to UTC', () => {
      expect(groupOf({ ...after, search_time_end: '2026-06-29T08:00:00-04:00' })).to.deep.include({
        search_time: '2026-06-28T14:05:00Z',
        search_time_end: '2026-06-29T12:00:00Z',
      });
    });

    it('needs search_time and search_direction after, and must come after search_time', () => {
      expect(problems({ ...EBS, search_time_end: '2026-06-29T00:00:00Z' })).to.deep.equal([
        at('search_time_end', 'only with search_time (and search_direction "after")'),
      ]);
      expect(
        problems({ ...EBS, search_time: '2026-06-28T14:05:00Z', search_time_end: '2026-06-29T00:00:00Z' }),
      ).to.deep.equal([
        at(
          'search_time_end',
          'only with search_direction "after" (with "before" the newest backup at or before search_time is used)',
        ),
      ]);
      for (const end of ['2026-06-28T14:05:00Z', '2026-06-28T16:04:59+02:00']) {
        expect(problems({ ...after, search_time_end: end })).to.deep.equal([
          at('search_time_end', 'must be after search_time (2026-06-28T14:05:00Z)'),
        ]);
      }
    });
  });

  describe('search_tags', () => {
    it('decodes alone and with search_tag_key/value', () => {
      expect(groupOf({ ...EBS, search_tags: { App: 'db', Owner: 'alice' } })).to.deep.include({
        search_tags: { App: 'db', Owner: 'alice' },
      });
      expect(
        groupOf({ ...EBS, search_tags: { App: 'db' }, search_tag_key: 'App', search_tag_value: 'db' }),
      ).to.deep.include({ search_tags: { App: 'db' }, search_tag_key: 'App', search_tag_value: 'db' });
    });

    it('refuses a key given twice with two values: nothing could match both', () => {
      expect(
        problems({ ...EBS, search_tags: { App: 'db' }, search_tag_key: 'App', search_tag_value: 'web' }),
      ).to.deep.equal([
        at(
          'search_tags.App',
          'search_tag_key App is also given, with value "web": a resource has one value per tag key, so nothing could match both',
        ),
      ]);
    });

    it('refuses what is not an object of tags', () => {
      expect(problems({ ...EBS, search_tags: [{ key: 'App', value: 'db' }] })).to.deep.equal([
        at('search_tags', 'expected an object of tags {"key": "value"}, got a list'),
      ]);
    });
  });

  describe('restore_from', () => {
    it('EBS and EC2 have no point-in-time source: a validation error naming the field', () => {
      for (const [group, type] of [
        [EBS, 'EBS'],
        [EC2, 'EC2'],
      ] as const) {
        expect(problems({ ...group, restore_from: 'point_in_time' })).to.deep.equal([
          at(
            'restore_from',
            `${type} has no point-in-time source in Clumio: only "backup" (a backup chosen by the search window)`,
          ),
        ]);
        expect(groupOf({ ...group, restore_from: 'backup' })).to.deep.include({ restore_from: 'backup' });
        expect(problems({ ...group, restore_from: 'snapshot' })).to.deep.equal([
          at('restore_from', 'expected "backup", got "snapshot"'),
        ]);
      }
    });

    it('RDS and ProtectionGroup need search_time for point_in_time; DynamoDB does not', () => {
      expect(problems({ ...RDS, restore_from: 'point_in_time' })).to.deep.equal([
        at('search_time', 'required for RDS when restore_from is "point_in_time" (the moment to restore)'),
      ]);
      expect(problems({ ...PG_DR, restore_from: 'point_in_time' })).to.deep.equal([
        at(
          'search_time',
          'required for ProtectionGroup when restore_from is "point_in_time" (the moment to restore)',
        ),
      ]);
      expect(groupOf({ ...DDB, restore_from: 'point_in_time' })).to.deep.include({
        restore_from: 'point_in_time',
      });
    });

    it('refuses other values, naming both', () => {
      expect(problems({ ...RDS, restore_from: 'pitr' })).to.deep.equal([
        at('restore_from', 'expected "backup" or "point_in_time", got "pitr"'),
      ]);
    });

    it('point_in_time restores search_time exactly: no after window, no day offsets', () => {
      expect(
        problems({
          ...RDS,
          restore_from: 'point_in_time',
          search_direction: 'after',
          search_time: '2026-06-28T14:05:00Z',
        }),
      ).to.deep.equal([
        at(
          'search_direction',
          'not with restore_from "point_in_time": the resource is restored as it was at search_time exactly',
        ),
      ]);
      expect(
        problems({
          ...DDB,
          restore_from: 'point_in_time',
          search_direction: 'before',
          end_search_day_offset: 2,
        }),
      ).to.deep.equal([
        at(
          'end_search_day_offset',
          'not with restore_from "point_in_time": the moment restored is search_time',
        ),
      ]);
    });

    it('pitr_type: aws_pitr or clumio_pitr, only with point_in_time', () => {
      for (const type of ['aws_pitr', 'clumio_pitr']) {
        expect(groupOf({ ...DDB, restore_from: 'point_in_time', pitr_type: type })).to.deep.include({
          pitr_type: type,
        });
      }
      expect(problems({ ...DDB, pitr_type: 'aws_pitr' })).to.deep.equal([
        at('pitr_type', 'only with restore_from "point_in_time"'),
      ]);
      expect(problems({ ...DDB, restore_from: 'point_in_time', pitr_type: 'pitr' })).to.deep.equal([
        at('pitr_type', 'expected "aws_pitr" or "clumio_pitr", got "pitr"'),
      ]);
    });

    it('search_time_start: only with point_in_time, before search_time', () => {
      const pitr = { ...PG_DR, restore_from: 'point_in_time', search_time: '2026-06-28T14:05:00Z' };
      expect(groupOf({ ...pitr, search_time_start: '2026-06-28T10:00:00+02:00' })).to.deep.include({
        search_time_start: '2026-06-28T08:00:00Z',
      });
      expect(problems({ ...PG_DR, search_time_start: '2026-06-28T10:00:00Z' })).to.deep.equal([
        at('search_time_start', 'only with restore_from "point_in_time"'),
      ]);
      expect(problems({ ...pitr, search_time_start: '2026-06-28T14:05:00Z' })).to.deep.equal([
        at('search_time_start', 'must come before search_time (2026-06-28T14:05:00Z)'),
      ]);
      expect(problems({ ...pitr, search_time_start: '2026-06-28T14:05' })[0]?.path).to.equal(
        'RestoreGroups[0].search_time_start',
      );
    });
  });

  describe('EC2 target_restore_as', () => {
    it('instance (unset), ami and volumes', () => {
      expect(groupOf({ ...EC2 })).not.to.have.property('target_restore_as');
      expect(
        groupOf({
          ...EC2,
          target_restore_as: 'ami',
          target_ami_name: 'web (restored) [2026-06-28]',
          target_ami_description: 'before the incident',
          target_instance_tags: [{ key: 'Name', value: 'web' }],
        }),
      ).to.deep.include({
        target_restore_as: 'ami',
        target_ami_name: 'web (restored) [2026-06-28]',
        target_ami_description: 'before the incident',
      });
      expect(
        groupOf({ ...EC2, target_restore_as: 'volumes', target_instance_native_id: 'i-0abc1234def567890' }),
      ).to.deep.include({ target_restore_as: 'volumes', target_instance_native_id: 'i-0abc1234def567890' });
      expect(groupOf({ ...EC2, target_restore_as: 'volumes', target_az: 'us-east-1b' })).to.deep.include({
        target_az: 'us-east-1b',
      });
    });

    it('volumes need target_instance_native_id or target_az, not both', () => {
      expect(problems({ ...EC2, target_restore_as: 'volumes' })).to.deep.equal([
        at(
          'target_az',
          'required when target_restore_as is "volumes" unless target_instance_native_id is given (the zone of the unattached volumes)',
        ),
      ]);
      expect(
        problems({
          ...EC2,
          target_restore_as: 'volumes',
          target_az: 'us-east-1a',
          target_instance_native_id: 'i-0abc1234def567890',
        }),
      ).to.deep.equal([
        at(
          'target_instance_native_id',
          'not with target_az: the volumes are attached to this instance in its zone, or left unattached in target_az',
        ),
      ]);
    });

    it('target_device_names: device names, only for volumes attached to an instance', () => {
      expect(
        groupOf({
          ...EC2,
          target_restore_as: 'volumes',
          target_instance_native_id: 'i-0abc1234def567890',
          target_device_names: { '/dev/xvda': '/dev/sdf', '/dev/xvdb': 'xvdg' },
        }),
      ).to.deep.include({ target_device_names: { '/dev/xvda': '/dev/sdf', '/dev/xvdb': 'xvdg' } });
      expect(
        problems({
          ...EC2,
          target_restore_as: 'volumes',
          target_az: 'us-east-1a',
          target_device_names: { '/dev/xvda': '/dev/sdf' },
        }),
      ).to.deep.equal([
        at('target_device_names', 'only with target_instance_native_id: unattached volumes have no device'),
      ]);
      expect(
        problems({
          ...EC2,
          target_restore_as: 'volumes',
          target_instance_native_id: 'i-0abc1234def567890',
          target_device_names: { '/dev/xvda': 'sdf', '/dev/xvdb': 3 },
        }),
      ).to.deep.equal([
        at('target_device_names["/dev/xvda"]', 'expected a device name such as "/dev/sdf", got "sdf"'),
        at('target_device_names["/dev/xvdb"]', 'expected a device name such as "/dev/sdf", got 3'),
      ]);
      expect(problems({ ...EC2, target_device_names: { '/dev/xvda': '/dev/sdf' } })).to.deep.equal([
        at('target_device_names', 'not used when target_restore_as is "instance"'),
      ]);
    });

    it('a field of another mode is refused, naming the mode', () => {
      expect(
        problems({
          ...EC2,
          target_restore_as: 'ami',
          target_az: 'us-east-1a',
          target_vpc_native_id: 'vpc-1',
          should_power_on: true,
        }),
      ).to.deep.equal([
        at('target_az', 'not used when target_restore_as is "ami"'),
        at('target_vpc_native_id', 'not used when target_restore_as is "ami"'),
        at('should_power_on', 'not used when target_restore_as is "ami"'),
      ]);
      expect(
        problems({
          ...EC2,
          target_restore_as: 'volumes',
          target_az: 'us-east-1a',
          target_ami_name: 'x-restored',
          target_instance_tags: [{ key: 'a', value: 'b' }],
        }),
      ).to.deep.equal([
        at('target_ami_name', 'not used when target_restore_as is "volumes"'),
        at('target_instance_tags', 'not used when target_restore_as is "volumes"'),
      ]);
      expect(
        problems({ ...EC2, target_ami_name: 'x-restored', target_instance_native_id: 'i-0abc1234def567890' }),
      ).to.deep.equal([
        at('target_ami_name', 'not used when target_restore_as is "instance"'),
        at('target_instance_native_id', 'not used when target_restore_as is "instance"'),
      ]);
    });

    it('an AMI or volumes elsewhere need no AMI, VPC or subnet', () => {
      const dr = { ...EC2, target_account: '222222222222' };
      expect(groupOf({ ...dr, target_restore_as: 'ami' })).to.deep.include({ target_restore_as: 'ami' });
      expect(problems(dr).map((p) => p.path)).to.deep.equal([
        'RestoreGroups[0].target_ami_native_id',
        'RestoreGroups[0].target_vpc_native_id',
        'RestoreGroups[0].target_subnet_native_id',
      ]);
    });

    it('checks the AMI name, the description and the instance id', () => {
      expect(
        problems({
          ...EC2,
          target_restore_as: 'ami',
          target_ami_name: 'a:b',
          target_ami_description: 'x'.repeat(256),
        }),
      ).to.deep.equal([
        at(
          'target_ami_name',
          `expected an AMI name (3-128 letters, digits, spaces or ( ) [ ] . / - ' @ _), got "a:b"`,
        ),
        at(
          'target_ami_description',
          `expected at most 255 characters, got "${'x'.repeat(80)}"… (256 characters)`,
        ),
      ]);
      expect(
        problems({ ...EC2, target_restore_as: 'volumes', target_instance_native_id: 'web-01' }),
      ).to.deep.equal([
        at('target_instance_native_id', 'expected an EC2 instance id such as "i-0abc1234", got "web-01"'),
      ]);
      expect(problems({ ...EC2, target_restore_as: 'image' })).to.deep.equal([
        at('target_restore_as', 'expected one of "instance", "ami", "volumes", got "image"'),
      ]);
    });
  });

  describe('bulkList', () => {
    const list = {
      source_account: '111111111111',
      source_asset_types: { EBS: {} },
    };

    it('takes search_time and search_time_end with the same rules', () => {
      const ok = decodeListInput(
        {
          ...list,
          search_direction: 'after',
          search_time: '2026-06-28T16:05:00+02:00',
          search_time_end: '2026-06-29T00:00:00Z',
        },
        NOW,
      );
      if (!ok.ok) return expect.fail(JSON.stringify(ok.problems));
      expect(ok.value.window).to.deep.equal({
        direction: 'after',
        startOffset: 0,
        endOffset: 0,
        time: '2026-06-28T14:05:00Z',
        timeEnd: '2026-06-29T00:00:00Z',
      });
      const bad = decodeListInput(
        {
          ...list,
          search_time: '2026-06-28T14:05:00',
          end_search_day_offset: 1,
          search_time_end: '2026-06-29T00:00:00Z',
        },
        NOW,
      );
      expect(bad.ok).to.equal(false);
      if (bad.ok) return;
      // In the order the document writes them.
      expect(bad.problems).to.deep.equal([
        {
          path: 'search_time',
          message:
            'a timestamp without a zone is ambiguous: add Z (UTC) or an offset such as +02:00 (2026-06-28T14:05:00Z or 2026-06-28T16:05:00+02:00)',
        },
        {
          path: 'end_search_day_offset',
          message: 'not with search_time: give search_time or the day offsets, not both',
        },
        {
          path: 'search_time_end',
          message:
            'only with search_direction "after" (with "before" the newest backup at or before search_time is used)',
        },
      ]);
      const future = decodeListInput({ ...list, search_time: '2026-07-01T00:00:00Z' }, NOW);
      expect(future.warnings).to.deep.equal([
        {
          path: 'search_time',
          message: 'is still to come (now is 2026-06-30T12:00:00Z): the newest backup up to now is used',
        },
      ]);
    });
  });
});
