// createUiDefinition.json (spec §9.8): the portal wizard that picks the workspace and shows what is installed.
import type { JsonObject } from '../model/json.js';
import { basicsDescription } from './content-package.js';
import type { PackContext } from './context.js';

export function createUiDefinition(ctx: PackContext): JsonObject {
  return {
    $schema: 'https://schema.management.azure.com/schemas/0.1.2-preview/CreateUIDefinition.MultiVm.json#',
    handler: 'Microsoft.Azure.CreateUIDef',
    version: '0.1.2-preview',
    parameters: {
      config: {
        isWizard: false,
        basics: {
          description: basicsDescription(ctx),
          subscription: {
            resourceProviders: [
              'Microsoft.OperationsManagement/solutions',
              'Microsoft.OperationalInsights/workspaces/providers/alertRules',
              'Microsoft.Insights/workbooks',
              'Microsoft.Logic/workflows',
            ],
          },
          location: { metadata: { hidden: 'Hiding location, we get it from the log analytics workspace' }, visible: false },
          resourceGroup: { allowExisting: true },
        },
      },
      basics: [
        {
          name: 'getLAWorkspace',
          type: 'Microsoft.Solutions.ArmApiControl',
          toolTip: 'This filters by workspaces that exist in the Resource Group selected',
          condition: '[greater(length(resourceGroup().name),0)]',
          request: { method: 'GET', path: "[concat(subscription().id,'/providers/Microsoft.OperationalInsights/workspaces?api-version=2020-08-01')]" },
        },
        {
          name: 'workspace',
          type: 'Microsoft.Common.DropDown',
          label: 'Workspace',
          placeholder: 'Select a workspace',
          toolTip: 'This dropdown will list only workspace that exists in the Resource Group selected',
          constraints: {
            allowedValues:
              "[map(filter(basics('getLAWorkspace').value, (filter) => contains(toLower(filter.id), toLower(resourceGroup().name))), (item) => parse(concat('{\"label\":\"', item.name, '\",\"value\":\"', item.name, '\"}')))]",
            required: true,
          },
          visible: true,
        },
      ],
      steps: ctx.uiSteps,
      outputs: {
        'workspace-location':
          "[first(map(filter(basics('getLAWorkspace').value, (filter) => and(contains(toLower(filter.id), toLower(resourceGroup().name)),equals(filter.name,basics('workspace')))), (item) => item.location))]",
        location: '[location()]',
        workspace: "[basics('workspace')]",
      },
    },
  };
}
