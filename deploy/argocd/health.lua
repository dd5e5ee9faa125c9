-- Argo CD health check for milvus.io MilvusAlias, MilvusConnection and ClusterMilvusConnection (Lua 5.1; Argo CD passes `obj`).
-- Healthy:     Ready=True and status.observedGeneration == metadata.generation.
-- Progressing: no status yet, status older than the spec, or Ready=False for a reason that heals itself.
-- Degraded:    Ready=False for a reason that needs a person (spec, credentials, privileges, conflicts).
-- Suspended:   annotation milvus.io/paused: "true", or Ready reason Paused.
-- The message is the Ready condition's message, or why there is no current one to show yet.
-- After editing, run deploy/argocd/gen-cm-patch.sh to refresh argocd-cm-patch.yaml (ArgoHealthLuaTest checks).
local hs = {}

local progressing = {
  WaitingForTargetLoaded = true, MilvusUnavailable = true, CollectionNotFound = true,
  DatabaseNotFound = true, ConnectionNotFound = true, SecretNotFound = true, Deleting = true,
  InUse = true, UnexpectedError = true, WaitingForRowCount = true, RowCountDropTooLarge = true,
  WaitingForIndex = true
}
local degraded = {
  AliasConflict = true, AliasOwnedElsewhere = true, AliasNameTaken = true, InvalidSpec = true,
  IncompatibleSchema = true, Unauthenticated = true, PermissionDenied = true, ConnectionNotAllowed = true
}

local function readyCondition(status)
  if status == nil or status.conditions == nil then
    return nil
  end
  for _, condition in ipairs(status.conditions) do
    if condition.type == "Ready" then
      return condition
    end
  end
  return nil
end

local annotations = obj.metadata ~= nil and obj.metadata.annotations or nil
local ready = readyCondition(obj.status)
local message = ""
if ready ~= nil and ready.message ~= nil then
  message = ready.message
end

if (annotations ~= nil and annotations["milvus.io/paused"] == "true")
    or (ready ~= nil and ready.reason == "Paused") then
  hs.status = "Suspended"
  if message == "" then
    message = "Paused by annotation milvus.io/paused"
  end
  hs.message = message
  return hs
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
  return hs
end

local generation = tonumber(obj.metadata.generation)
local observed = tonumber(obj.status.observedGeneration)
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end

if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Ready condition"
  return hs
end

if ready.status == "True" then
  hs.status = "Healthy"
elseif ready.status == "False" and degraded[ready.reason] then
  hs.status = "Degraded"
elseif ready.status == "False" and not progressing[ready.reason] then
  -- A reason this script does not know yet: say so rather than wait forever.
  hs.status = "Degraded"
  message = "Unknown reason " .. tostring(ready.reason) .. ": " .. message
else
  -- Ready=False for a reason that heals itself, or Ready=Unknown.
  hs.status = "Progressing"
end
hs.message = message
return hs
