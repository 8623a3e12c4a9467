-- Argo CD health check for datapipeline.io/DataPipeline (Lua 5.1, Argo CD's sandbox).
-- Installed through argocd-cm (argocd-cm.yaml beside this file); the two must stay identical.
--   Suspended   spec.suspend is true (the operator makes no AWS call for it)
--   Progressing no status yet, status.observedGeneration behind metadata.generation,
--               Reconciling is True, or Ready is not yet True
--   Degraded    Stalled is True, a CloudFormation stack failed or rolled back, or
--               Drifted is True with reason RevertFailed (driftPolicy Revert could not fix it)
--   Suspended   AwaitingApproval is True: a change set waits for a person to approve it by name
--   Healthy     Ready is True for the current generation (drift under driftPolicy Detect is
--               reported by the Drifted condition, not as a health problem)
local hs = {}

local function verdict(status, message)
  hs.status = status
  hs.message = message
  return hs
end

local function findCondition(conditions, conditionType)
  if conditions == nil then
    return nil
  end
  for _, condition in ipairs(conditions) do
    if condition.type == conditionType then
      return condition
    end
  end
  return nil
end

local function isTrue(condition)
  return condition ~= nil and condition.status == "True"
end

local function describe(condition, fallback)
  if condition ~= nil then
    if condition.message ~= nil and condition.message ~= "" then
      return condition.message
    end
    if condition.reason ~= nil and condition.reason ~= "" then
      return condition.reason
    end
  end
  return fallback
end

-- A stack whose last operation failed: *_FAILED, or any rollback (in progress or complete).
local function failedStack(stacks)
  if stacks == nil then
    return nil
  end
  for _, stack in ipairs(stacks) do
    local status = stack.status
    if status ~= nil and (string.find(status, "_FAILED$") ~= nil or string.find(status, "ROLLBACK", 1, true) ~= nil) then
      return stack
    end
  end
  return nil
end

local function stackMessage(stack)
  local message = "Stack " .. (stack.component or "?")
  if stack.stackName ~= nil then
    message = message .. " (" .. stack.stackName .. ")"
  end
  message = message .. " is " .. stack.status
  if stack.reason ~= nil and stack.reason ~= "" then
    message = message .. ": " .. stack.reason
  end
  return message
end

if obj.spec ~= nil and obj.spec.suspend == true then
  local suspended = nil
  if obj.status ~= nil then
    suspended = findCondition(obj.status.conditions, "Suspended")
  end
  return verdict("Suspended", describe(suspended, "spec.suspend is true: the operator makes no AWS call for this pipeline"))
end

local status = obj.status
if status == nil or status.observedGeneration == nil then
  return verdict("Progressing", "Waiting for the operator to observe the DataPipeline")
end

local generation = obj.metadata.generation
if generation ~= nil and status.observedGeneration < generation then
  return verdict("Progressing", "Waiting for the operator to observe generation " .. tostring(generation)
    .. " (status describes generation " .. tostring(status.observedGeneration) .. ")")
end

local stalled = findCondition(status.conditions, "Stalled")
if isTrue(stalled) then
  return verdict("Degraded", describe(stalled, "Stalled"))
end

local stack = failedStack(status.stacks)
if stack ~= nil then
  return verdict("Degraded", stackMessage(stack))
end

local drifted = findCondition(status.conditions, "Drifted")
if isTrue(drifted) and drifted.reason == "RevertFailed" then
  return verdict("Degraded", describe(drifted, "Drifted"))
end

-- Then the first of these conditions that is True decides: {type, health, message without one}.
local decisive = {
  {"AwaitingApproval", "Suspended", "A change set waits for approval"},
  {"Reconciling", "Progressing", "Reconciling"},
  {"Ready", "Healthy", "Ready"},
}
for _, rule in ipairs(decisive) do
  local condition = findCondition(status.conditions, rule[1])
  if isTrue(condition) then
    return verdict(rule[2], describe(condition, rule[3]))
  end
end

return verdict("Progressing", describe(findCondition(status.conditions, "Ready"), "Waiting for the Ready condition"))
