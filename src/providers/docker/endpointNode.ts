// The real outside world for endpoint resolution: this process's environment and file system.
import * as fs from 'fs';
import * as os from 'os';
import type { EndpointFs, EndpointInput } from './endpointTypes';

export const nodeFs: EndpointFs = {
  readFile(filePath) {
    try {
      return fs.readFileSync(filePath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw error;
    }
  },
  exists(filePath) {
    return fs.existsSync(filePath);
  },
  listDir(dirPath) {
    try {
      return fs.readdirSync(dirPath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw error;
    }
  },
};

export function endpointInputFromProcess(settingHost?: string): EndpointInput {
  return { settingHost, env: process.env, platform: process.platform, homeDir: os.homedir(), userName: localUserName(), fs: nodeFs };
}

function localUserName(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to what the shell says.
    return process.env.USER ?? process.env.USERNAME;
  }
}
