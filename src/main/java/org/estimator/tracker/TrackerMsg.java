package org.estimator.tracker;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The tracker page's texts, in English; {@code messages/trk_de.properties}, {@code _fr} and {@code _es}
 * hold them in German, French and Spanish. A bundle of its own: Qute generates one class per bundle,
 * and (3.33) one of over 300 messages fails to load.
 */
@MessageBundle(value = "trk", locale = "en")
public interface TrackerMsg {

    @Message("Bring stories in from Jira, GitHub or GitLab, and have each final estimate written back when you lock it.")
    String trackerIntro();

    @Message("Connected to {tracker}")
    String connectedToTracker(String tracker);

    @Message("Address")
    String address();

    @Message("Project")
    String project();

    @Message("Query (JQL)")
    String jql();

    @Message("Labels")
    String labels();

    @Message("Milestone")
    String milestone();

    @Message("Account")
    String account();

    @Message("Story points field")
    String storyPointsField();

    @Message("Saved")
    String saved();

    @Message("Test the connection")
    String testConnection();

    @Message("Leave out issues {tracker} has an estimate for")
    String skipEstimatedIn(String tracker);

    @Message("Preview first")
    String previewFirst();

    @Message("What an import brings")
    String whatImportBrings();

    @Message("{found} found{#if more} (the first {found}; the query finds more){/if}, {fresh} new to this group.")
    String previewSummary(int found, boolean more, long fresh);

    @Message("has an estimate")
    String hasEstimate();

    @Message("already here")
    String alreadyHere();

    @Message("Change the connection")
    String changeConnection();

    @Message("Jira: your site; GitHub and GitLab: leave empty for github.com and gitlab.com")
    String addressHint();

    @Message("Jira: key; GitHub: owner/repository; GitLab: group/project")
    String projectHint();

    @Message("SHOP")
    String exampleProjectKey();

    @Message("Which issues")
    String whichIssues();

    @Message("Jira: a JQL query, default the project's unfinished issues; GitHub, GitLab: labels, comma-separated")
    String whichIssuesHint();

    @Message("GitHub, optional")
    String milestoneHint();

    @Message("Account email")
    String accountEmail();

    @Message("Jira Cloud")
    String jiraCloud();

    @Message("Token")
    String token();

    @Message("saved: leave empty to keep it")
    String tokenSaved();

    @Message("see below")
    String seeBelow();

    @Message("Jira, optional: customfield_…; found by its name otherwise")
    String storyPointsHint();

    @Message("GitHub: also comment the final estimate")
    String githubComment();

    @Message("Which token?")
    String whichToken();

    @Message("Jira Cloud: an API token (id.atlassian.com → Security → API tokens) and the email of its account, "
            + "which may browse and edit the project's issues.")
    String tokenJiraCloud();

    @Message("Jira Data Center or Server: a personal access token (your profile → Personal Access Tokens).")
    String tokenJiraDataCenter();

    @Message("GitHub: a fine-grained token for the repository with Issues: read and write.")
    String tokenGithub();

    @Message("GitLab: a project or personal access token with the api scope (read_api if you only import).")
    String tokenGitlab();

    @Message("The token is stored encrypted and never shown again. The connection works while you own the group.")
    String tokenStored();

    @Message("Remove the connection")
    String removeConnection();

    @Message("Remove the connection? Its token is deleted, and final estimates are no longer written back.")
    String removeConnectionConfirm();
}
