import { DynamoDbEncryptionApi } from '../../api/DynamoDbEncryptionApi';
import { FleetFilters } from './useFleetQuery';

/** File name of the export. */
export const FLEET_CSV_FILE = 'dynamodb-encryption-fleet.csv';

/**
 * Above this many rows the export is streamed straight to a file where the browser can (File System Access
 * API), so a large estate never sits in the tab's memory; below it a Blob is simpler and works everywhere.
 */
export const STREAM_ABOVE_ROWS = 20_000;

type SaveFilePicker = (options: {
  suggestedName: string;
  types: { description: string; accept: Record<string, string[]> }[];
}) => Promise<{ createWritable(): Promise<WritableStream<Uint8Array>> }>;

/**
 * Downloads the fleet CSV for the filters on screen through the authenticated fetch. Returns false when the
 * user cancelled the save dialog.
 */
export async function downloadFleetCsv(
  api: DynamoDbEncryptionApi,
  filters: FleetFilters,
  expectedRows: number,
): Promise<boolean> {
  const picker = (window as unknown as { showSaveFilePicker?: SaveFilePicker })
    .showSaveFilePicker;
  if (picker && expectedRows > STREAM_ABOVE_ROWS) {
    // The dialog must open while the click still counts as a user gesture, so before the request.
    let file;
    try {
      file = await picker({
        suggestedName: FLEET_CSV_FILE,
        types: [{ description: 'CSV', accept: { 'text/csv': ['.csv'] } }],
      });
    } catch (e) {
      if ((e as Error).name === 'AbortError') return false;
      throw e;
    }
    const response = await api.fetchFleetCsv(filters);
    if (!response.body) throw new Error('The export answered without a body');
    await response.body.pipeTo(await file.createWritable());
    return true;
  }
  const blob = await (await api.fetchFleetCsv(filters)).blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = FLEET_CSV_FILE;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has taken the Blob by the next task; revoking then frees it.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return true;
}
