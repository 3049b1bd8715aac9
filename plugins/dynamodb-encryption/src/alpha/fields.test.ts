import { createExtensionTester } from '@backstage/frontend-test-utils';
import { kmsKeyPickerField } from './fields';

describe('form field extension', () => {
  it('provides the KmsKeyPicker field to the scaffolder', () => {
    const tester = createExtensionTester(kmsKeyPickerField);
    expect(tester.snapshot()).toMatchObject({
      id: 'scaffolder-form-field:kms-key-picker',
    });
  });
});
