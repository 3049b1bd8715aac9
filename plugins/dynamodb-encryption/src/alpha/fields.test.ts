import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  adoptionPreviewField,
  keyChangePreviewField,
  kmsKeyPickerField,
} from './fields';

describe('form field extension', () => {
  it('provides the KmsKeyPicker field to the scaffolder', () => {
    const tester = createExtensionTester(kmsKeyPickerField);
    expect(tester.snapshot()).toMatchObject({
      id: 'scaffolder-form-field:kms-key-picker',
    });
  });

  it('provides the DynamoDbKeyChangePreview field to the scaffolder', () => {
    const tester = createExtensionTester(keyChangePreviewField);
    expect(tester.snapshot()).toMatchObject({
      id: 'scaffolder-form-field:key-change-preview',
    });
  });

  it('provides the DynamoDbAdoptionPreview field to the scaffolder', () => {
    const tester = createExtensionTester(adoptionPreviewField);
    expect(tester.snapshot()).toMatchObject({
      id: 'scaffolder-form-field:adoption-preview',
    });
  });
});
