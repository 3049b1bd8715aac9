import { render } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('boots to the guest sign-in page', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };

    const rendered = render(App.createRoot());

    // The app boots to its guest sign-in page, with the DynamoDB encryption plugin among its features.
    expect(
      await rendered.findByRole(
        'button',
        { name: 'Enter' },
        { timeout: 20_000 },
      ),
    ).toBeInTheDocument();
  });
});
