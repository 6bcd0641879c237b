export const pluginId = 'rollouts';
