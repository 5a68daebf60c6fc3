// The one folder both simulated machines list (dir, ls): a student's socket lesson folder.

export interface LabFile {
  name: string
  /** Undefined for a folder. */
  size?: number
  /** Last written, local time: [year, month 1-12, day, hour, minute]. */
  at: [number, number, number, number, number]
}

export const LAB_FILES: readonly LabFile[] = [
  { name: '.git', at: [2023, 11, 15, 6, 2] },
  { name: '.gitignore', size: 58, at: [2023, 9, 4, 10, 12] },
  { name: '.idea', at: [2023, 11, 2, 9, 41] },
  { name: '.venv', at: [2023, 9, 4, 10, 15] },
  { name: '__pycache__', at: [2023, 11, 14, 20, 31] },
  { name: 'chat_client.py', size: 1327, at: [2023, 11, 14, 20, 15] },
  { name: 'chat_server.py', size: 1402, at: [2023, 11, 14, 20, 11] },
  { name: 'cmd_client.py', size: 1188, at: [2023, 11, 14, 21, 3] },
  { name: 'cmd_server.py', size: 1906, at: [2023, 11, 14, 21, 7] },
  { name: 'cmd_server_json.py', size: 2341, at: [2023, 11, 15, 5, 48] },
  { name: 'cmd_server_struct.py', size: 2077, at: [2023, 11, 15, 5, 30] },
  { name: 'file_client.py', size: 2965, at: [2023, 11, 15, 5, 59] },
  { name: 'file_server.py', size: 3118, at: [2023, 11, 15, 6, 1] },
  { name: 'lecture.mp4', size: 52_428_800, at: [2023, 10, 30, 14, 26] },
  { name: 'qq_client.py', size: 1604, at: [2023, 11, 8, 19, 52] },
  { name: 'qq_server.py', size: 1233, at: [2023, 11, 8, 19, 40] },
  { name: 'README.md', size: 2214, at: [2023, 11, 2, 9, 44] },
  { name: 'requirements.txt', size: 32, at: [2023, 9, 4, 10, 13] },
  { name: 'socket_notes.md', size: 18_412, at: [2023, 11, 13, 22, 37] },
  { name: 'sticky_client.py', size: 512, at: [2023, 11, 10, 16, 5] },
  { name: 'sticky_server.py', size: 618, at: [2023, 11, 10, 16, 2] },
  { name: 'tcp_client.py', size: 402, at: [2023, 11, 1, 14, 20] },
  { name: 'tcp_server.py', size: 517, at: [2023, 11, 1, 14, 18] },
  { name: 'time_client.py', size: 455, at: [2023, 11, 8, 20, 44] },
  { name: 'time_server.py', size: 698, at: [2023, 11, 8, 20, 39] },
  { name: 'udp_client.py', size: 301, at: [2023, 11, 8, 18, 57] },
  { name: 'udp_server.py', size: 389, at: [2023, 11, 8, 18, 55] },
  { name: 'upper_client.py', size: 611, at: [2023, 11, 1, 15, 3] },
  { name: 'upper_server.py', size: 904, at: [2023, 11, 1, 15, 1] },
  { name: 'videos', at: [2023, 11, 15, 6, 0] }
]

/** 1234567 as 1,234,567. */
export function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

export const pad2 = (n: number): string => String(n).padStart(2, '0')
