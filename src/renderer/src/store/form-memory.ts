// What the new-endpoint forms keep from one endpoint to the next: the port the last UDP socket had,
// so a chat peer that knows it finds the next one there. Saved with the workspace (workspace-sync.ts).
import { create } from 'zustand'
import type { FormMemory } from '../components/endpoints/form-model'

export const useFormMemory = create<FormMemory>()(() => ({}))
