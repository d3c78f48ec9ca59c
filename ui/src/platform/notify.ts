import { isPermissionGranted, requestPermission, sendNotification } from "@tauri-apps/plugin-notification";

/**
 * Show an OS notification. Job completions are notified by the app itself (Rust side); this is for
 * what only the UI knows. Answers whether it was shown (the user may have refused the permission).
 */
export async function notify(title: string, body?: string): Promise<boolean> {
  let granted = await isPermissionGranted();
  if (!granted) granted = (await requestPermission()) === "granted";
  if (granted) sendNotification(body === undefined ? { title } : { title, body });
  return granted;
}
