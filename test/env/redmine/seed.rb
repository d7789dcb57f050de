# Seeds a freshly migrated Redmine database for the tests. Run by test/env/redmine-template.sh as
#   REDMINE_INSTANCE=<name> RAILS_ENV=production /usr/share/redmine/bin/rails runner THIS_FILE
# once per machine; every test server then starts from a copy of the result.
#
# Loads Redmine's default data (trackers, statuses, priorities, roles, workflows; English), turns the
# REST API on, requires login, sets known passwords and fixed API keys for the admin and a non-admin
# integration user `hub`, and creates the project `itsm` and the issue custom field `External ID`
# (id 1, filter `cf_1`) that correlates tickets with alerts.
#
# The values below are mirrored in test/support/redmine-test-server.ts. This file is part of the
# template's cache key, so any change here rebuilds the template.
ADMIN_PASS = 'Admin-Testbed-1'
ADMIN_KEY  = 'a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0'
HUB_PASS   = 'Hub-Testbed-1'
HUB_KEY    = 'b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1'

# Default data must be loaded by a process other than the one that ran the migrations (models
# cache the pre-migration schema: "unknown attribute 'issues_visibility' for Role"); this runner is
# that process, which saves a separate `rake redmine:load_default_data` boot.
Redmine::DefaultData::Loader.load('en') if Redmine::DefaultData::Loader.no_data?

Setting.rest_api_enabled = '1'
# Without login_required an invalid API key silently falls back to 'anonymous' (HTTP 200 on public
# projects); with it, unauthenticated/invalid-key requests get 401 as in a typical deployment.
Setting.login_required = '1'
# Only used in links inside e-mails, which the tests never send; each server has its own port.
Setting.host_name = '127.0.0.1'
Setting.protocol = 'http'

def set_key(user, value)
  # Token#before_create always generates a random value, so create first, then overwrite.
  t = Token.find_by(user_id: user.id, action: 'api') || Token.create!(user: user, action: 'api')
  t.update_column(:value, value)
end

admin = User.find_by_login('admin')
admin.password = ADMIN_PASS
admin.password_confirmation = ADMIN_PASS
admin.must_change_passwd = false
admin.mail = 'admin@example.org'
admin.save!
set_key(admin, ADMIN_KEY)

hub = User.find_by_login('hub') || User.new(firstname: 'Integration', lastname: 'Hub', mail: 'hub@example.org')
hub.login = 'hub'
hub.password = HUB_PASS
hub.password_confirmation = HUB_PASS
hub.must_change_passwd = false
hub.status = User::STATUS_ACTIVE
hub.save!
set_key(hub, HUB_KEY)

cf = IssueCustomField.find_by(name: 'External ID') || IssueCustomField.new(name: 'External ID', field_format: 'string')
cf.is_for_all = true
cf.searchable = true
cf.is_filter = true
cf.trackers = Tracker.all
cf.save!

project = Project.find_by(identifier: 'itsm') || Project.new(identifier: 'itsm')
project.name = 'ITSM Testbed'
project.description = 'Tickets created by the integration hub under test'
project.is_public = true
project.trackers = Tracker.all
project.enabled_module_names = %w[issue_tracking time_tracking news documents files wiki boards calendar gantt]
project.save!

manager = Role.find_by(name: 'Manager') || Role.givable.first
unless Member.exists?(project_id: project.id, user_id: hub.id)
  Member.create!(project: project, principal: hub, role_ids: [manager.id])
end

puts "seeded: project=#{project.identifier}(id #{project.id}) trackers=#{Tracker.pluck(:id, :name).inspect} " \
     "statuses=#{IssueStatus.pluck(:id, :name).inspect} priorities=#{IssuePriority.pluck(:id, :name).inspect} " \
     "external_id_cf=#{cf.id}"
