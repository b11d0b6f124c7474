package org.estimator.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every text the pages show, in English; {@code messages/msg_de.properties}, {@code _fr} and
 * {@code _es} hold the same keys in German, French and Spanish (I18nTest keeps them complete, and
 * keeps literal text out of the templates). Templates write {@code {msg:key}}; Java code that puts a
 * text into a page asks {@link Pages#msg()}. The API's error messages are not here: they stay English.
 */
@MessageBundle(value = "msg", locale = "en")
public interface Msg {

    // --- Layout, footer, the script's own words ------------------------------------------------------

    @Message("Skip to content")
    String skipToContent();

    @Message("Account")
    String accountNav();

    @Message("Your account")
    String yourAccount();

    @Message("guest")
    String guestMark();

    @Message("Sign in")
    String signIn();

    @Message("Sign out")
    String signOut();

    @Message("Register")
    String register();

    @Message("About Estimator")
    String aboutEstimator();

    @Message("REST API")
    String restApi();

    @Message("Language")
    String language();

    @Message("Theme")
    String theme();

    @Message("System")
    String themeSystem();

    @Message("Light")
    String themeLight();

    @Message("Dark")
    String themeDark();

    @Message("Apply")
    String apply();

    @Message("Connecting…")
    String connecting();

    @Message("Live")
    String live();

    @Message("Reconnecting…")
    String reconnecting();

    @Message("Offline")
    String offline();

    @Message("Copied to the clipboard")
    String copied();

    @Message("time is up")
    String timeUp();

    @Message("Choose a file first")
    String chooseFile();

    @Message("The server answered")
    String serverAnswered();

    @Message("d")
    String daysShort();

    @Message("h")
    String hoursShort();

    @Message("min")
    String minutesShort();

    @Message("Copy")
    String copy();

    @Message("Back to your groups")
    String backToGroups();

    // --- Page titles and what Java code writes into pages --------------------------------------------

    @Message("Welcome")
    String titleWelcome();

    @Message("About")
    String titleAbout();

    @Message("Join {group}")
    String titleJoin(String group);

    @Message("Tracker · {group}")
    String titleTracker(String group);

    @Message("Not allowed")
    String errorNotAllowed();

    @Message("Not found")
    String errorNotFound();

    @Message("Not possible now")
    String errorNotPossible();

    @Message("Too many requests")
    String errorTooMany();

    @Message("Something went wrong")
    String errorServer();

    @Message("Cannot do that")
    String errorOther();

    @Message("never")
    String never();

    @Message("The two passwords do not match")
    String passwordsDoNotMatch();

    @Message("Your password is changed; every other sign-in has ended.")
    String passwordChanged();

    // --- About -----------------------------------------------------------------------------------------

    @Message("Estimator sizes a team's stories by anonymous estimation. The owner of a group invites the team "
            + "with a link and adds the issues; every member picks a card in secret; the owner sees only the "
            + "aggregate — the average, the nearest card, the spread and how often each card was chosen — agrees "
            + "a final estimate with the team and locks it.")
    String aboutIntro();

    @Message("What stays private")
    String aboutPrivateTitle();

    @Message("Nobody, the owner included, sees who gave which card, unless the owner chose the open reveal style "
            + "for the group, in which case members see the cards by name after the reveal.")
    String aboutPrivate1();

    @Message("Locking an issue keeps only the final estimate: the individual estimates are deleted.")
    String aboutPrivate2();

    @Message("Inactive groups are purged after a while.")
    String aboutPrivate3();

    @Message("How a round goes")
    String aboutRoundTitle();

    @Message("Create a group and copy its invite link to your team.")
    String aboutRound1();

    @Message("Add issues one by one, or import a file: CSV with the columns storyRef,description, or an export "
            + "of Jira, GitHub or GitLab.")
    String aboutRound2();

    @Message("Everyone opens an issue and picks a card; the page shows how many have estimated, live.")
    String aboutRound3();

    @Message("The owner reviews the result, reveals it if they like, and locks the final estimate — or starts over.")
    String aboutRound4();

    @Message("For scripts and integrations")
    String aboutScriptsTitle();

    @Message("Everything these pages do is in the REST API under /rest/v1, described by its")
    String aboutScripts();

    @Message("OpenAPI document")
    String openApiDocument();

    // --- Accounts ----------------------------------------------------------------------------------------

    @Message("Email")
    String email();

    @Message("Password")
    String password();

    @Message("New here?")
    String newHere();

    @Message("Create an account")
    String createAccount();

    @Message("Sign out?")
    String signOutQuestion();

    @Message("You joined as a guest. After signing out you cannot come back as {nickname}: a new invite link "
            + "makes you a new guest.")
    String signOutGuest(String nickname);

    @Message("You can sign in again at any time with your email and password.")
    String signOutAccount();

    @Message("You can sign in again at any time with {provider}.")
    String signOutSso(String provider);

    @Message("Stay signed in")
    String staySignedIn();

    @Message("Create your account")
    String createYourAccount();

    @Message("Nickname")
    String nickname();

    @Message("at least 16 characters")
    String passwordRule();

    @Message("Password again")
    String passwordAgain();

    @Message("Already registered?")
    String alreadyRegistered();

    @Message("Signed in on a computer you no longer use, or lost a phone? End every sign-in of this account, here too.")
    String signOutEverywhereHint();

    @Message("Sign out everywhere")
    String signOutEverywhere();

    @Message("Change your password")
    String changePasswordTitle();

    @Message("Current password")
    String currentPassword();

    @Message("New password")
    String newPassword();

    @Message("New password again")
    String newPasswordAgain();

    @Message("Every other sign-in of this account ends; this one stays. API tokens keep working.")
    String changePasswordHint();

    @Message("Change password")
    String changePassword();

    @Message("Sign in with {provider}")
    String signInWith(String provider);

    @Message("Signing in with {provider} is not available right now. Try again in a moment.")
    String ssoUnavailable(String provider);

    @Message("The sign-in with {provider} did not go through. Please try again.")
    String ssoFailed(String provider);

    @Message("Or with your email and password:")
    String orWithPassword();

    @Message("Also sign out of {provider}")
    String alsoSignOutOf(String provider);

    @Message("Link your account")
    String linkTitle();

    @Message("An Estimator account with {email} exists already. Enter its password once: from then on you sign in with your company account.")
    String linkText(String email);

    @Message("Link and sign in")
    String linkAccount();

    @Message("Personal API tokens")
    String apiTokensTitle();

    @Message("Guests have no API tokens: register an account to use the REST API from scripts.")
    String apiTokensGuest();

    @Message("For scripts and integrations. A token is shown once, when it is created:")
    String apiTokensHint();

    @Message("No tokens yet.")
    String noTokens();

    @Message("created {created}, expires {expires}")
    String tokenCreatedExpires(String created, String expires);

    @Message("Revoke the token {name}? Scripts using it stop working.")
    String revokeTokenConfirm(String name);

    @Message("Revoke")
    String revoke();

    @Message("Name")
    String tokenName();

    @Message("CI script")
    String tokenNameExample();

    @Message("Valid for (days)")
    String tokenDays();

    @Message("Create a token")
    String createToken();

    @Message("Your new token")
    String newToken();

    // --- Home, joining ------------------------------------------------------------------------------------

    @Message("Open rounds")
    String openRounds();

    @Message("in {group}")
    String inGroup(String group);

    @Message("{estimates} of {voters} estimated")
    String estimatedOf(int estimates, int voters);

    @Message("your card is in")
    String yourCardIsIn();

    @Message("waiting for your card")
    String waitingForYourCard();

    @Message("closes")
    String closes();

    @Message("Your groups")
    String yourGroups();

    @Message("You are not in any group yet. Create one below, or open an invite link a colleague sent you.")
    String noGroups();

    @Message("Groups you own")
    String groupsYouOwn();

    @Message("Groups you belong to")
    String groupsYouBelongTo();

    @Message("{#when role}{#is 'owner'}owner{#is 'voter'}voter{#is 'observer'}observer{#else}{role}{/when}")
    String role(String role);

    @Message("Create a group")
    String createGroupTitle();

    @Message("Create group")
    String createGroup();

    @Message("Group name")
    String groupName();

    @Message("Size your stories together, without anchoring.")
    String heroTitle();

    @Message("Estimator lets a team estimate in secret: everyone picks a card, the owner sees only the aggregate, "
            + "agrees the final estimate with the team and locks it. Live, on a laptop or a phone.")
    String heroText();

    @Message("Got an invite link? Open it to join the group — no account needed if the server allows guests.")
    String heroInvite();

    @Message("You are invited to join")
    String invitedToJoin();

    @Message("You are already a member of this group.")
    String alreadyMember();

    @Message("Open the group")
    String openGroup();

    @Message("Join {group}")
    String joinGroup(String group);

    @Message("Not now")
    String notNow();

    @Message("You are signed in as a guest of another group. Join this one as a new guest, or sign out and sign in "
            + "with an account.")
    String guestElsewhere();

    @Message("Your nickname")
    String yourNickname();

    @Message("Join as a guest")
    String joinAsGuest();

    @Message("Or, to keep your groups in one place:")
    String orKeepGroups();

    @Message("Sign in to join")
    String signInToJoin();

    @Message("Register to join")
    String registerToJoin();

    // --- A group ------------------------------------------------------------------------------------------

    @Message("Owner: {owner}")
    String ownerIs(String owner);

    @Message("you are")
    String youAre();

    @Message("Issues")
    String issues();

    @Message("No issues yet.")
    String noIssues();

    @Message("Add the first one below.")
    String addTheFirst();

    @Message("Final:")
    String finalShort();

    @Message("of {voters} estimated")
    String ofEstimated(int voters);

    @Message("revealed")
    String revealedBadge();

    @Message("Move {story} up")
    String moveUp(String story);

    @Message("Move {story} down")
    String moveDown(String story);

    @Message("Delete {story}")
    String deleteIssue(String story);

    @Message("Delete the issue :story? Its estimates are deleted too.")
    String deleteIssueConfirm();

    @Message("Members")
    String members();

    @Message("{members}, {voters} voting")
    String membersCount(int members, int voters);

    @Message("Fewer than 3 members vote in this group: an estimate from so few means little.")
    String fewVoters();

    @Message("online")
    String online();

    @Message("you")
    String you();

    @Message("Let vote")
    String letVote();

    @Message("Make observer")
    String makeObserver();

    @Message("Remove {nickname} from the group? Their cards stay in the rounds under way.")
    String removeMemberConfirm(String nickname);

    @Message("Remove")
    String remove();

    @Message("Hand the group over? You stay in it as a voting member.")
    String handOverConfirm();

    @Message("Hand ownership over to")
    String handOverTo();

    @Message("Hand over")
    String handOver();

    @Message("Results")
    String results();

    @Message("Story")
    String story();

    @Message("Final estimate")
    String finalEstimate();

    @Message("Rounds")
    String rounds();

    @Message("Estimating took")
    String estimatingTook();

    @Message("Locked")
    String locked();

    @Message("{#if days > 0}{days} d {hours} h{#else if hours > 0}{hours} h {minutes} min{#else if minutes > 0}{minutes} min{#else}{seconds} s{/if}")
    String duration(long days, long hours, long minutes, long seconds);

    @Message("Total")
    String total();

    @Message("Invite links")
    String inviteLinks();

    @Message("No active invite link. Create one and send it to your team.")
    String noInvitations();

    @Message("Created {created}, expires {expires}")
    String createdExpires(String created, String expires);

    @Message("Revoke this invite link? Nobody can join with it any more.")
    String revokeInvitationConfirm();

    @Message("New invite link")
    String newInviteLink();

    @Message("A link is shown once: copy it now. Old links keep working until you revoke them.")
    String inviteShownOnce();

    @Message("Valid for")
    String validFor();

    @Message("ever (until revoked)")
    String validForever();

    @Message("one day")
    String validDay();

    @Message("one week")
    String validWeek();

    @Message("30 days")
    String valid30Days();

    @Message("Create an invite link")
    String createInviteLink();

    @Message("Invite link")
    String inviteLink();

    @Message("Quick round")
    String quickRound();

    @Message("Size what you are discussing right now, without a story.")
    String quickRoundHint();

    @Message("What is it?")
    String whatIsIt();

    @Message("optional")
    String optional();

    @Message("Start a quick round")
    String startQuickRound();

    @Message("Tracker")
    String tracker();

    @Message("Connected to {tracker}.")
    String connectedTo(String tracker);

    @Message("Import stories from Jira, GitHub or GitLab, and have final estimates written back when you lock them.")
    String trackerHint();

    @Message("Import from the tracker")
    String importFromTracker();

    @Message("Connect a tracker")
    String connectTracker();

    @Message("Add an issue")
    String addIssueTitle();

    @Message("Story reference")
    String storyReference();

    @Message("JIRA-42")
    String storyReferenceExample();

    @Message("Description")
    String description();

    @Message("Link to the original")
    String linkToOriginal();

    @Message("https://tracker.example.com/browse/JIRA-42")
    String linkExample();

    @Message("Add issue")
    String addIssue();

    @Message(":created added; :known already in the group; :estimated left out for their estimate")
    String importReport();

    @Message("Import a file")
    String importFile();

    @Message("File")
    String file();

    @Message("Estimator's CSV: storyRef,description; or a tracker's export")
    String importFileHint();

    @Message("Format")
    String format();

    @Message("Tell from the file")
    String formatAuto();

    @Message("Estimator CSV (storyRef,description)")
    String formatEstimator();

    @Message("Jira CSV export")
    String formatJira();

    @Message("GitHub issue list (gh issue list --json number,title,body,url,labels)")
    String formatGithub();

    @Message("GitLab CSV export")
    String formatGitlab();

    @Message("Jira site")
    String jiraSite();

    @Message("optional: links each issue to its original")
    String jiraSiteHint();

    @Message("https://example.atlassian.net")
    String exampleJiraSite();

    @Message("Leave out issues the tracker has an estimate for")
    String skipEstimated();

    @Message("Import")
    String importIssues();

    @Message("Export results")
    String exportResults();

    @Message("Settings")
    String settings();

    @Message("Deck")
    String deck();

    @Message("Custom cards")
    String customCards();

    @Message("comma-separated, for a custom deck")
    String customCardsHint();

    @Message("S, M, L, XL")
    String exampleCustomCards();

    @Message("Reveal style")
    String revealStyle();

    @Message("Show the review from this many cards on")
    String reviewMinCards();

    @Message("anonymous rounds")
    String anonymousRounds();

    @Message("Reveal a round by itself when every voter has estimated")
    String autoRevealLabel();

    @Message("Who adds issues")
    String whoAddsIssues();

    @Message("{#when value}"
            + "{#is 'INTEGERS'}Whole numbers 1 to 100 (the original)"
            + "{#is 'FIBONACCI'}Fibonacci"
            + "{#is 'MODIFIED_FIBONACCI'}Modified Fibonacci"
            + "{#is 'TSHIRT'}T-shirt sizes"
            + "{#is 'POWERS_OF_TWO'}Powers of two"
            + "{#is 'CUSTOM'}Custom"
            + "{#is 'ANONYMOUS'}Anonymous: the aggregate only"
            + "{#is 'OPEN'}Open: cards by name after the reveal (for rounds not yet begun)"
            + "{#is 'OWNER'}Only the owner adds issues"
            + "{#is 'MEMBERS'}Every member may add issues"
            + "{#is 'JIRA_CLOUD'}Jira Cloud"
            + "{#is 'JIRA_DATA_CENTER'}Jira Data Center or Server"
            + "{#is 'GITHUB'}GitHub"
            + "{#is 'GITLAB'}GitLab"
            + "{#else}{value}{/when}")
    String choice(String value);

    @Message("Changing the deck clears the estimates of open rounds. A round keeps the reveal style its first card "
            + "was given under: cards given anonymously are never shown by name.")
    String settingsHint();

    @Message("Save settings")
    String saveSettings();

    @Message("Delete the group")
    String deleteGroupTitle();

    @Message("Delete {group} with all its issues and estimates? This cannot be undone.")
    String deleteGroupConfirm(String group);

    @Message("Delete group")
    String deleteGroup();

    @Message("Leave the group")
    String leaveGroupTitle();

    @Message("Leave {group}? Your cards stay in the rounds under way, without your name.")
    String leaveGroupConfirm(String group);

    @Message("Leave group")
    String leaveGroup();

    // --- An issue -----------------------------------------------------------------------------------------

    @Message("Open the original")
    String openOriginal();

    @Message("Status")
    String status();

    @Message("Written to {tracker}.")
    String writtenTo(String tracker);

    @Message("Not written to {tracker}: {message}")
    String notWrittenTo(String tracker, String message);

    @Message("Writing to {tracker}…")
    String writingTo(String tracker);

    @Message("Not yet written to {tracker}: {message}")
    String notYetWrittenTo(String tracker, String message);

    @Message("Next try at {time}.")
    String nextTryAt(String time);

    @Message("Write it again")
    String writeAgain();

    @Message("Retry now")
    String retryNow();

    @Message("of {voters}")
    String ofVoters(int voters);

    @Message("estimates submitted")
    String estimatesSubmitted();

    @Message("The owner revealed the estimates")
    String ownerRevealed();

    @Message("Open round:")
    String openRoundTitle();

    @Message("after the reveal, everyone sees each card with the name of who gave it.")
    String openRoundText();

    @Message("Anonymous round:")
    String anonymousRoundTitle();

    @Message("nobody sees who gave which card, not even the owner; only the aggregate is shown{#if min > 1}, and "
            + "only from {min} cards on{/if}.")
    String anonymousRoundText(int min);

    @Message("Estimating closes")
    String estimatingCloses();

    @Message("Time left:")
    String timeLeft();

    @Message("then the round is revealed")
    String revealedAtDeadline();

    @Message("Your estimate")
    String yourEstimate();

    @Message("A whole number from 1 to 100")
    String wholeNumber();

    @Message("Estimate")
    String estimate();

    @Message("Or pick a common size:")
    String orPickCommon();

    @Message("Cards")
    String cards();

    @Message("Your estimate:")
    String yourEstimateIs();

    @Message("Pick another card to change it.")
    String pickAnother();

    @Message("You have not estimated yet.")
    String notEstimatedYet();

    @Message("After the reveal your card is shown with your name.")
    String shownWithName();

    @Message("Nobody will see your card, not even the owner.")
    String nobodySeesCard();

    @Message("You observe this group and do not estimate.")
    String observerNote();

    @Message("Review")
    String review();

    @Message("Estimates")
    String estimates();

    @Message("Average")
    String average();

    @Message("Nearest whole number")
    String nearestWholeNumber();

    @Message("Suggested")
    String suggested();

    @Message("Median")
    String median();

    @Message("Range")
    String range();

    @Message("Consensus")
    String consensus();

    @Message("yes")
    String yes();

    @Message("no")
    String no();

    @Message("Distribution")
    String distribution();

    @Message("Cards by name")
    String cardsByName();

    @Message("Owner's controls")
    String ownerControls();

    @Message("Lock")
    String lock();

    @Message("Reveal to the group")
    String revealToGroup();

    @Message("Start over? Every estimate of this issue is deleted.")
    String startOverConfirm();

    @Message("Start over")
    String startOver();

    @Message("Close the round at")
    String closeRoundAt();

    @Message("your time")
    String yourTime();

    @Message("Change the deadline")
    String changeDeadline();

    @Message("Set a deadline")
    String setDeadline();

    @Message("Remove the deadline")
    String removeDeadline();

    @Message("Stop the timer")
    String stopTimer();

    @Message("Timer (seconds)")
    String timerSeconds();

    @Message("Start timer")
    String startTimer();

    @Message("Previous issue")
    String previousIssue();

    @Message("Next issue")
    String nextIssue();

    @Message("Edit the issue")
    String editIssue();

    @Message("optional, http or https")
    String optionalHttp();

    @Message("Save")
    String save();
}
