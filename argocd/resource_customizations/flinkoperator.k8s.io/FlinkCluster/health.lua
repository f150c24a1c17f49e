-- Argo CD health of a FlinkCluster (flinkoperator.k8s.io/v1beta1), read from the status the
-- Flink operator writes: the cluster's state, its components and its job. Lua 5.1, as Argo
-- CD's interpreter runs it. Tested over the samples in testdata/ (health_test.yaml).
local hs = {}

local function result(status, message)
  hs.status = status
  hs.message = message
  return hs
end

local status = obj.status
if status == nil or status.state == nil or status.state == "" then
  return result("Progressing", "Waiting for the Flink operator to report the cluster's state")
end

local state = status.state
local components = status.components or {}
local revision = status.revision or {}

-- The job's health: nil for a session cluster (no job status).
local function job_health()
  local job = components.job
  if job == nil or job.state == nil or job.state == "" then
    return nil
  end
  local js = job.state
  if js == "Running" then
    return "Healthy", "Job running"
  elseif js == "Succeeded" then
    return "Healthy", "Job succeeded"
  elseif js == "Cancelled" then
    return "Suspended", "Job cancelled"
  elseif js == "Failed" or js == "DeployFailed" or js == "Lost" then
    local message = "Job state " .. js
    if type(job.failureReasons) == "table" and job.failureReasons[1] ~= nil then
      message = message .. ": " .. tostring(job.failureReasons[1])
    end
    return "Degraded", message
  elseif js == "Pending" or js == "Deploying" or js == "Updating" or js == "Restarting" then
    return "Progressing", "Job state " .. js
  end
  return "Unknown", "Job state " .. js
end

-- The first component that is not ready, in a fixed order (the job is judged apart).
local function unready_component()
  local known = {
    "configMap", "jobManagerStatefulSet", "jobManagerService", "jobManagerIngress",
    "taskManagerStatefulSet", "taskManager",
  }
  local names = {}
  local listed = {}
  for _, name in ipairs(known) do
    names[#names + 1] = name
    listed[name] = true
  end
  local others = {}
  for name, _ in pairs(components) do
    if not listed[name] and name ~= "job" then
      others[#others + 1] = name
    end
  end
  table.sort(others)
  for _, name in ipairs(others) do
    names[#names + 1] = name
  end
  for _, name in ipairs(names) do
    local component = components[name]
    if type(component) == "table" and component.state ~= nil and component.state ~= "Ready" then
      return name, component.state
    end
  end
  return nil
end

if state == "Creating" or state == "Reconciling" then
  return result("Progressing", "Cluster state " .. state)
elseif state == "Updating" then
  local next_revision = revision.nextRevision or ""
  return result("Progressing", "Updating to revision " .. next_revision)
elseif state == "Stopping" then
  return result("Progressing", "Cluster stopping")
elseif state == "Stopped" or state == "PartiallyStopped" then
  local job_status, job_message = job_health()
  if job_status == nil then
    return result("Suspended", "Cluster stopped")
  end
  return result(job_status, job_message .. "; cluster state " .. state)
elseif state == "Running" then
  local name, component_state = unready_component()
  if name ~= nil then
    if component_state == "Deleted" then
      return result("Degraded", "Component " .. name .. " was deleted")
    end
    return result("Progressing", "Component " .. name .. " is " .. component_state)
  end
  local current, next_revision = revision.currentRevision, revision.nextRevision
  if current ~= nil and next_revision ~= nil and current ~= next_revision then
    return result("Progressing", "Updating to revision " .. next_revision)
  end
  local job_status, job_message = job_health()
  if job_status ~= nil then
    return result(job_status, job_message)
  end
  return result("Healthy", "Cluster running")
end
return result("Unknown", "Cluster state " .. state)
